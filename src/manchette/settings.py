"""Manchette's one settings module.

Every value comes from an environment variable with an embedded default that
runs a complete site on one machine: SQLite under the data folder, in-process
cache, French, Europe/Paris. Production is a set of variables, not another
file; `docs/settings.md` lists them all (a test keeps it honest).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext

from manchette.conf.env import env_bool, env_int, env_list, env_secret, env_str

django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("MANCHETTE_DATA_DIR", "./var")).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", generated_into=DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

MANCHETTE_SITE_NAME = env_str("MANCHETTE_SITE_NAME", "Manchette")
MANCHETTE_SITE_URL = env_str("MANCHETTE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
MANCHETTE_PAGE_SIZE = env_int("MANCHETTE_PAGE_SIZE", 20)
MANCHETTE_WORKERS = env_int("MANCHETTE_WORKERS", 0)
MANCHETTE_THREADS = env_int("MANCHETTE_THREADS", 4)
# One line per request from the app server; behind a proxy that logs requests, 0 spares the
# cost (a sixth of a cached page's).
MANCHETTE_ACCESS_LOG = env_bool("MANCHETTE_ACCESS_LOG", True)
MANCHETTE_PUSH_MAX_BYTES = env_int("MANCHETTE_PUSH_MAX_BYTES", 10 * 1024 * 1024)
MANCHETTE_FETCH_PRIVATE_HOSTS = env_bool("MANCHETTE_FETCH_PRIVATE_HOSTS", False)
# Empty: the bundled Manchette logo (ui/manchette-logo.png) stands for the publisher.
MANCHETTE_PUBLISHER_LOGO = env_str("MANCHETTE_PUBLISHER_LOGO", "")
MANCHETTE_ACCESSIBILITY_CONTACT = env_str("MANCHETTE_ACCESSIBILITY_CONTACT", "")
# Most popular: each app process writes its view counts this often (embedded backend).
MANCHETTE_POPULARITY_FLUSH_SECONDS = env_int("MANCHETTE_POPULARITY_FLUSH_SECONDS", 5)
# Comments: open for this many days after publication; editable this long after posting.
MANCHETTE_COMMENTS_OPEN_DAYS = env_int("MANCHETTE_COMMENTS_OPEN_DAYS", 14)
MANCHETTE_COMMENT_EDIT_MINUTES = env_int("MANCHETTE_COMMENT_EDIT_MINUTES", 5)
MANCHETTE_COMMENTS_PER_PAGE = env_int("MANCHETTE_COMMENTS_PER_PAGE", 50)
# Moderation policy (manchette.moderation.policy): what holds or rejects a new comment.
MANCHETTE_PREMODERATION = env_bool("MANCHETTE_PREMODERATION", False)
MANCHETTE_NEWCOMER_APPROVALS = env_int("MANCHETTE_NEWCOMER_APPROVALS", 0)
MANCHETTE_COMMENT_MAX_LINKS = env_int("MANCHETTE_COMMENT_MAX_LINKS", 2)
MANCHETTE_DUPLICATE_MINUTES = env_int("MANCHETTE_DUPLICATE_MINUTES", 10)
MANCHETTE_COMMENT_SCORER = env_str("MANCHETTE_COMMENT_SCORER", "")
# Whole pages for anonymous readers (manchette.pagecache): kept until what they show changes,
# and at most this many seconds (for what no change announces: the most-read list, age).
MANCHETTE_PAGE_CACHE = env_bool("MANCHETTE_PAGE_CACHE", True)
MANCHETTE_PAGE_CACHE_SECONDS = env_int("MANCHETTE_PAGE_CACHE_SECONDS", 60)
MANCHETTE_PAGE_CACHE_MB = env_int("MANCHETTE_PAGE_CACHE_MB", 64)
# How long a kept page may go on showing an article's comments as they were, to readers other
# than their authors (who are signed in and get their pages fresh): a busy thread is then
# redrawn a few times a second instead of after every comment. 0: every comment is on the
# very next page view.
MANCHETTE_COMMENT_LAG_MS = env_int("MANCHETTE_COMMENT_LAG_MS", 250)
# Blocks many pages share (comments as anonymous readers see them, read-also, most read),
# kept rendered per process on the same terms; 0 turns them off.
MANCHETTE_BLOCK_CACHE_MB = env_int("MANCHETTE_BLOCK_CACHE_MB", 16)
# With Redis, each process keeps the tag versions it read and Redis tells it when they move
# (pagecache.tracking); off, every hit asks Redis for them.
MANCHETTE_TRACK_VERSIONS = env_bool("MANCHETTE_TRACK_VERSIONS", True)
# Read-also re-rank by a sentence encoder, when `manchette[embeddings]` is installed: each
# article is encoded once as it is indexed (run `manchette related_rebuild` after switching).
MANCHETTE_RELATED_EMBEDDINGS = env_bool("MANCHETTE_RELATED_EMBEDDINGS", False)
# Reverse proxies to tell when pages change (e.g. http://127.0.0.1:80); they may then keep
# pages this long (docs/deploy.md). Without them, proxies keep nothing.
MANCHETTE_PURGE_URLS = env_list("MANCHETTE_PURGE_URLS", [])
MANCHETTE_PROXY_CACHE_SECONDS = env_int("MANCHETTE_PROXY_CACHE_SECONDS", 600)
# CDNs and caches that purge by surrogate key (Fastly, Varnish with xkey): each endpoint gets the
# changed keys in one header of one request, 256 at most; the defaults are Fastly's batch purge.
# The optional authentication header reads "Name: value" (e.g. "Fastly-Key: <token>").
MANCHETTE_PURGE_KEYS_URLS = env_list("MANCHETTE_PURGE_KEYS_URLS", [])
MANCHETTE_PURGE_KEYS_METHOD = env_str("MANCHETTE_PURGE_KEYS_METHOD", "POST")
MANCHETTE_PURGE_KEYS_HEADER = env_str("MANCHETTE_PURGE_KEYS_HEADER", "Surrogate-Key")
MANCHETTE_PURGE_KEYS_AUTH = env_str("MANCHETTE_PURGE_KEYS_AUTH", "")
# Background tasks (manchette.tasks, `manchette worker`): a Redis stream when REDIS_URL is set
# (unless this says database), the database otherwise; a dead worker's task runs again once its
# lease ends; timed work (embargoes, polling, read-also) is enqueued this often.
MANCHETTE_TASK_BACKEND = env_str("MANCHETTE_TASK_BACKEND", "")
MANCHETTE_TASK_LEASE_SECONDS = env_int("MANCHETTE_TASK_LEASE_SECONDS", 30)
MANCHETTE_TASK_EVERY_SECONDS = env_int("MANCHETTE_TASK_EVERY_SECONDS", 5)
# Pushed wires are read as a stream by their own view, which enforces the limit above.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "manchette.ui",
    "manchette.ui.accessibility",
    "manchette.accounts",
    "manchette.news",
    "manchette.wires",
    "manchette.search",
    "manchette.related",
    "manchette.syndication",
    "manchette.comments",
    "manchette.moderation",
    "manchette.ratelimit",
    "manchette.popularity",
    "manchette.demo",
    "manchette.pagecache",
    "manchette.tasks",
]

MIDDLEWARE = [
    # Compresses what the page cache does not answer itself (it keeps compressed copies).
    "django.middleware.gzip.GZipMiddleware",
    # Then the page cache: what it stores must carry every header the others add.
    "manchette.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "manchette.conf.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the reader with the session when it can (accounts/sessions.py).
    "manchette.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "manchette.urls"
WSGI_APPLICATION = "manchette.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "manchette.ui.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "") or f"sqlite:///{DATA_DIR / 'manchette.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # Off, a kept connection is tried as is: one round trip less per request, and after
        # a database restart each stale connection fails one request (503) and is replaced.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while the pipeline writes; IMMEDIATE makes a
    # writing transaction take its lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# PostgreSQL plans a statement once per connection and reuses the plan (psycopg prepares it
# on its fifth run, which needs the parameters bound by the server): the comment section's
# statements took longer to plan than to run. Off behind a pooler that cannot keep prepared
# statements (PgBouncer in transaction mode before 1.21).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
_PREPARED = {"server_side_binding": True, "prepare_threshold": 5}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    DATABASE_PREPARED_STATEMENTS
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(_PREPARED)

# A read replica (manchette.conf.replica): requests that change nothing and whose page is not
# stored read from it; everything else, and every write, goes to the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=DATABASES["default"]["CONN_HEALTH_CHECKS"],
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == DATABASES["default"]["ENGINE"]:
        DATABASES["replica"]["OPTIONS"] = DATABASES["default"].get("OPTIONS", {})
    DATABASE_ROUTERS = ["manchette.conf.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Anti-abuse limits (manchette.ratelimit): off only for load tests. X-Forwarded-For is read
# only from these proxies (addresses or networks, e.g. 127.0.0.1,10.0.0.0/8).
MANCHETTE_RATE_LIMITS = env_bool("MANCHETTE_RATE_LIMITS", True)
MANCHETTE_TRUSTED_PROXIES = env_list("MANCHETTE_TRUSTED_PROXIES", [])

# Reader accounts (manchette.accounts). Argon2 first: new and upgraded hashes use it,
# the others only verify passwords stored before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = ["manchette.accounts.backends.EmailOrUsernameBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "news:home"
# What a deleted account's comments become: keep (text kept, signed "deleted account"),
# blank (tombstones without text) or remove (tombstones only where others replied).
MANCHETTE_DELETED_ACCOUNT_COMMENTS = env_str("MANCHETTE_DELETED_ACCOUNT_COMMENTS", "blank")
# Outgoing e-mail (password resets): printed on the console until a server is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Manchette <noreply@localhost>")

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "manchette",
        }
    }
    # Sessions read from Redis, written to both: a signed-in request skips a database read.
    # Only with a cache every process shares; a per-process one would outlive a log-out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "manchette",
        }
    }
    SESSION_ENGINE = "manchette.accounts.sessions"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "fr")
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Behind TLS in production; the demo on http://127.0.0.1 must still work.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The header only allows submission to the preload list; submitting is a separate step.
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
