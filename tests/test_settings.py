"""Settings: every default, every variable documented, the generated secret."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from manchette.conf import env
from tests.conftest import REPO_ROOT

DOCUMENTED = re.compile(r"^\| `([A-Z0-9_]+)` \|", re.MULTILINE)


def _settings_in_subprocess(tmp_path: Path, code: str, **environ: str) -> str:
    """Evaluate `code` against freshly loaded settings under a clean environment."""
    clean = {k: v for k, v in os.environ.items() if k not in env.READ and k != "DATABASE_URL"}
    clean.update({"MANCHETTE_DATA_DIR": str(tmp_path / "data"), **environ})
    clean["DJANGO_SETTINGS_MODULE"] = "manchette.settings"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings as s; print({code})",
        ],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    return result.stdout.strip()


def test_docs_list_exactly_the_variables_the_code_reads():
    documented = set(DOCUMENTED.findall((REPO_ROOT / "docs" / "settings.md").read_text()))
    assert documented == set(env.READ)


EMBEDDED_DEFAULTS = {
    # Each documented variable's default, as the setting it drives.
    "DATABASE_URL": ("s.DATABASES['default']['ENGINE']", "django.db.backends.sqlite3"),
    "DATABASE_CONN_MAX_AGE": ("s.DATABASES['default']['CONN_MAX_AGE']", 0),  # SQLite reconnects
    "DATABASE_CONN_HEALTH_CHECKS": ("s.DATABASES['default']['CONN_HEALTH_CHECKS']", False),
    "DATABASE_PREPARED_STATEMENTS": ("s.DATABASE_PREPARED_STATEMENTS", True),
    "REDIS_URL": (
        "s.CACHES['default']['BACKEND']",
        "django.core.cache.backends.locmem.LocMemCache",
    ),
    "DEBUG": ("s.DEBUG", False),
    "ALLOWED_HOSTS": ("s.ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"]),
    "CSRF_TRUSTED_ORIGINS": ("s.CSRF_TRUSTED_ORIGINS", []),
    "HTTPS": (
        "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT]",
        [False, False, False],
    ),
    "SECURE_HSTS_SECONDS": ("s.SECURE_HSTS_SECONDS", 0),
    "BEHIND_PROXY": ("getattr(s, 'SECURE_PROXY_SSL_HEADER', None)", None),
    "MANCHETTE_SITE_NAME": ("s.MANCHETTE_SITE_NAME", "Manchette"),
    "MANCHETTE_SITE_URL": ("s.MANCHETTE_SITE_URL", "http://127.0.0.1:8000"),
    "MANCHETTE_PAGE_SIZE": ("s.MANCHETTE_PAGE_SIZE", 20),
    "MANCHETTE_WORKERS": ("s.MANCHETTE_WORKERS", 0),
    "MANCHETTE_THREADS": ("s.MANCHETTE_THREADS", 4),
    "MANCHETTE_ACCESS_LOG": ("s.MANCHETTE_ACCESS_LOG", True),
    "DATABASE_REPLICA_URL": ("s.DATABASE_REPLICA_URL", ""),
    "MANCHETTE_RATE_LIMITS": ("s.MANCHETTE_RATE_LIMITS", True),
    "MANCHETTE_TRUSTED_PROXIES": ("s.MANCHETTE_TRUSTED_PROXIES", []),
    "MANCHETTE_DELETED_ACCOUNT_COMMENTS": ("s.MANCHETTE_DELETED_ACCOUNT_COMMENTS", "blank"),
    "EMAIL_HOST": ("s.EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    "EMAIL_PORT": ("s.EMAIL_PORT", 587),
    "EMAIL_HOST_USER": ("s.EMAIL_HOST_USER", ""),
    "EMAIL_HOST_PASSWORD": ("s.EMAIL_HOST_PASSWORD", ""),
    "EMAIL_USE_TLS": ("s.EMAIL_USE_TLS", True),
    "DEFAULT_FROM_EMAIL": ("s.DEFAULT_FROM_EMAIL", "Manchette <noreply@localhost>"),
    "MANCHETTE_COMMENTS_OPEN_DAYS": ("s.MANCHETTE_COMMENTS_OPEN_DAYS", 14),
    "MANCHETTE_COMMENT_EDIT_MINUTES": ("s.MANCHETTE_COMMENT_EDIT_MINUTES", 5),
    "MANCHETTE_COMMENTS_PER_PAGE": ("s.MANCHETTE_COMMENTS_PER_PAGE", 50),
    "MANCHETTE_PREMODERATION": ("s.MANCHETTE_PREMODERATION", False),
    "MANCHETTE_NEWCOMER_APPROVALS": ("s.MANCHETTE_NEWCOMER_APPROVALS", 0),
    "MANCHETTE_COMMENT_MAX_LINKS": ("s.MANCHETTE_COMMENT_MAX_LINKS", 2),
    "MANCHETTE_DUPLICATE_MINUTES": ("s.MANCHETTE_DUPLICATE_MINUTES", 10),
    "MANCHETTE_COMMENT_SCORER": ("s.MANCHETTE_COMMENT_SCORER", ""),
    "MANCHETTE_PUBLISHER_LOGO": ("s.MANCHETTE_PUBLISHER_LOGO", ""),
    "MANCHETTE_ACCESSIBILITY_CONTACT": ("s.MANCHETTE_ACCESSIBILITY_CONTACT", ""),
    "MANCHETTE_POPULARITY_FLUSH_SECONDS": ("s.MANCHETTE_POPULARITY_FLUSH_SECONDS", 5),
    "MANCHETTE_PAGE_CACHE": ("s.MANCHETTE_PAGE_CACHE", True),
    "MANCHETTE_PAGE_CACHE_SECONDS": ("s.MANCHETTE_PAGE_CACHE_SECONDS", 60),
    "MANCHETTE_PAGE_CACHE_MB": ("s.MANCHETTE_PAGE_CACHE_MB", 64),
    "MANCHETTE_COMMENT_LAG_MS": ("s.MANCHETTE_COMMENT_LAG_MS", 250),
    "MANCHETTE_BLOCK_CACHE_MB": ("s.MANCHETTE_BLOCK_CACHE_MB", 16),
    "MANCHETTE_TRACK_VERSIONS": ("s.MANCHETTE_TRACK_VERSIONS", True),
    "MANCHETTE_RELATED_EMBEDDINGS": ("s.MANCHETTE_RELATED_EMBEDDINGS", False),
    "MANCHETTE_TASK_BACKEND": ("s.MANCHETTE_TASK_BACKEND", ""),
    "MANCHETTE_TASK_LEASE_SECONDS": ("s.MANCHETTE_TASK_LEASE_SECONDS", 30),
    "MANCHETTE_TASK_EVERY_SECONDS": ("s.MANCHETTE_TASK_EVERY_SECONDS", 5),
    "MANCHETTE_PURGE_URLS": ("s.MANCHETTE_PURGE_URLS", []),
    "MANCHETTE_PROXY_CACHE_SECONDS": ("s.MANCHETTE_PROXY_CACHE_SECONDS", 600),
    "MANCHETTE_PURGE_KEYS_URLS": ("s.MANCHETTE_PURGE_KEYS_URLS", []),
    "MANCHETTE_PURGE_KEYS_METHOD": ("s.MANCHETTE_PURGE_KEYS_METHOD", "POST"),
    "MANCHETTE_PURGE_KEYS_HEADER": ("s.MANCHETTE_PURGE_KEYS_HEADER", "Surrogate-Key"),
    "MANCHETTE_PURGE_KEYS_AUTH": ("s.MANCHETTE_PURGE_KEYS_AUTH", ""),
    "MANCHETTE_PUSH_MAX_BYTES": ("s.MANCHETTE_PUSH_MAX_BYTES", 10 * 1024 * 1024),
    "MANCHETTE_FETCH_PRIVATE_HOSTS": ("s.MANCHETTE_FETCH_PRIVATE_HOSTS", False),
    "LANGUAGE_CODE": ("s.LANGUAGE_CODE", "fr"),
    "TIME_ZONE": ("s.TIME_ZONE", "Europe/Paris"),
    "LOG_LEVEL": ("s.LOGGING['root']['level']", "INFO"),
}


def test_every_variable_has_its_embedded_default(tmp_path):
    untested = (
        set(env.READ)
        - set(EMBEDDED_DEFAULTS)
        - {
            "MANCHETTE_DATA_DIR",
            "SECRET_KEY",
            "SECRET_KEY_FILE",  # tested on their own below
        }
    )
    assert not untested
    expressions = ", ".join(expr for expr, _ in EMBEDDED_DEFAULTS.values())
    out = _settings_in_subprocess(tmp_path, f"[{expressions}]")
    assert out == str([value for _, value in EMBEDDED_DEFAULTS.values()])


def test_data_lives_in_the_data_folder(tmp_path):
    data = tmp_path / "data"
    out = _settings_in_subprocess(
        tmp_path,
        "[s.DATABASES['default']['NAME'], str(s.MEDIA_ROOT), str(s.STATIC_ROOT)]",
    )
    assert out == str([str(data / "manchette.sqlite3"), str(data / "media"), str(data / "static")])


def test_the_data_folder_defaults_to_var_in_the_working_directory(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in env.READ}
    clean["DJANGO_SETTINGS_MODULE"] = "manchette.settings"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.conf import settings; print(settings.DATA_DIR)",
        ],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert out == str(tmp_path / "var")


def test_environment_overrides(tmp_path):
    out = _settings_in_subprocess(
        tmp_path,
        "[s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.TIME_ZONE, "
        "s.LANGUAGE_CODE, s.CACHES['default']['BACKEND'], s.ALLOWED_HOSTS, s.DEBUG]",
        DATABASE_URL="postgres://u:p@db.example:5432/news",
        TIME_ZONE="America/Montreal",
        LANGUAGE_CODE="en",
        REDIS_URL="redis://127.0.0.1:6379/3",
        ALLOWED_HOSTS="news.example.com, www.news.example.com",
        DEBUG="yes",
    )
    assert out == str(
        [
            "django.db.backends.postgresql",
            "db.example",
            60,
            "America/Montreal",
            "en",
            "django.core.cache.backends.redis.RedisCache",
            ["news.example.com", "www.news.example.com"],
            True,
        ]
    )


def test_a_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = _settings_in_subprocess(tmp_path, "s.SECRET_KEY")
    second = _settings_in_subprocess(tmp_path, "s.SECRET_KEY")
    assert first == second and len(first) >= 50
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text() == first
    assert key_file.stat().st_mode & 0o077 == 0


def test_a_secret_key_from_the_environment_or_a_file_wins(tmp_path):
    assert _settings_in_subprocess(tmp_path, "s.SECRET_KEY", SECRET_KEY="k" * 60) == "k" * 60
    secret = tmp_path / "mounted"
    secret.write_text("f" * 60 + "\n")
    assert (
        _settings_in_subprocess(tmp_path, "s.SECRET_KEY", SECRET_KEY_FILE=str(secret)) == "f" * 60
    )
    assert not (tmp_path / "data" / "secret_key").exists()


def test_a_malformed_value_fails_with_its_name(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as failure:
        _settings_in_subprocess(tmp_path, "s.DEBUG", DEBUG="maybe")
    assert "DEBUG='maybe' is not a boolean" in failure.value.stderr


def test_https_turns_on_the_secure_settings(tmp_path):
    out = _settings_in_subprocess(
        tmp_path,
        "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS]",
        HTTPS="1",
    )
    assert out == "[True, True, True, 31536000]"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    if connection.settings_dict["NAME"].startswith("file:memorydb") or ":memory:" in str(
        connection.settings_dict["NAME"]
    ):
        # The test database lives in memory, where WAL does not apply: check the
        # configured pragma instead, and the real file in the CLI tests.
        assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@pytest.mark.django_db
def test_postgresql_plans_a_statement_it_runs_again_once():
    from django.db import connection

    from manchette.accounts.models import User

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    for _ in range(6):  # psycopg prepares a statement on its fifth run
        list(User.objects.filter(pseudonym="Personne"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("pseudonym" in statement for statement in prepared)
