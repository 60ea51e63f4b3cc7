"""What an uncached page costs: render time and queries, in process, through every middleware.

    .venv/bin/python bench/render.py [--renders 300] [--articles 1000]
                                     [--postgres URL] [--redis URL] [--profile] [--gzip]

Builds a scratch site in a temporary data folder (SQLite there, or the
PostgreSQL database `--postgres` names, whose Manchette tables are emptied
first): `--articles` stories with agency-sized headlines, standfirsts and
bodies (about 3.5 KB of HTML each) in four sections from three providers,
the read-also index built, a day of view counts so the most-read block has
its five links, and one article with seven comments (five and two replies,
some with links). The page cache is off, so every request is rendered by
its view; static files are collected as in production (manifest storage).
`--redis` (a scratch Redis database, emptied) puts the tag versions, the
view counts and the cache there, as on a site that has outgrown one machine.

Then it requests each page `--renders` times with django.test.Client, as an
anonymous reader with no cookie, and prints p50/p99 in milliseconds, the
queries each page made and its size, and the median CPU time of a render
(the wall-clock figures also count whatever else the machine runs). The
page the issue is about is the article with comments; home, a section and
a provider are listed beside it.

`--profile` runs pyinstrument over the article page's renders and prints
the top of its profile; it is in the `dev` extra
(`.venv/bin/pip install -e ".[dev]"`, or `.venv/bin/pip install pyinstrument`).
`--gzip` asks for compressed pages, as browsers do (GZipMiddleware's cost).

Target, from issue 6: a full article page in a few milliseconds of CPU,
so that >= 500 uncached pages/s fit on two cores; a fixed number of queries.
"""

# ruff: noqa: T201 (a bench prints its table)
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

# Words to write stories with: each story draws most of its words from its topic,
# so the read-also index finds neighbours the way it does on a real archive.
TOPICS = [
    "gouvernement ministre réforme retraites assemblée vote députés opposition budget loi",
    "inflation banque centrale taux intérêt marchés bourse euro croissance emploi prix",
    "football championnat match but entraîneur club saison victoire défaite supporters",
    "climat sécheresse incendie température record canicule pluie météo inondation forêt",
    "élection présidentielle candidat sondage campagne meeting programme électeurs scrutin",
    "entreprise résultats chiffre affaires bénéfice usine salariés grève syndicat accord",
    "santé hôpital médecins épidémie vaccin patients urgences soins ministère virus",
    "diplomatie sommet sanctions conflit frontière négociations cessez-le-feu armée otages",
]
COMMON = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "de",
    "du",
    "dans",
    "sur",
    "pour",
    "avec",
    "par",
    "selon",
    "après",
    "avant",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "mois",
    "année",
    "semaine",
    "selon",
    "a",
    "été",
    "sont",
    "est",
    "plus",
]
COMMENTS = [
    "Très bon article, merci pour ces précisions.\n\nOn attend la suite avec impatience.",
    "Je ne suis pas d'accord : les chiffres cités datent de l'an dernier, "
    "voir https://example.org/rapport?annee=2025&p=3 pour les nouveaux.",
    "Qui paiera au bout du compte ? Toujours les mêmes.",
    "Source officielle ici : https://www.example.gouv.fr/communique (publié ce matin).",
    "Enfin une bonne nouvelle.\nÇa faisait longtemps !",
]
REPLIES = [
    "Les chiffres de cette année vont dans le même sens, relisez le deuxième paragraphe.",
    "Merci pour le lien.",
]


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    p50: float
    p99: float
    cpu: float
    """Median CPU time of the process: what a busy machine's other work does not inflate."""
    queries: int
    size: int


SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "ca",
    "ce",
    "co",
    "da",
    "de",
    "di",
    "do",
    "fa",
    "fe",
    "fi",
    "ga",
    "go",
    "la",
    "le",
    "li",
    "lo",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "ni",
    "no",
]
SYLLABLES += [
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "vi",
    "vo",
    "tra",
    "pro",
    "gre",
    "cla",
]


def word_pool(rng: random.Random, size: int) -> list[str]:
    """Made-up words: names, places and terms each story has of its own."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def story_words(rng: random.Random, topic: list[str], pool: list[str]) -> list[str]:
    """A story's vocabulary: its topic's words and a few dozen terms of its own."""
    return topic + rng.sample(pool, 40)


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    chosen = [
        rng.choice(words) if rng.random() < 0.6 else rng.choice(COMMON) for _ in range(length)
    ]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, topic: list[str]) -> str:
    return " ".join(sentence(rng, topic, rng.randint(12, 22)) for _ in range(rng.randint(3, 5)))


def setup_django(
    data: Path, database_url: str | None, redis_url: str | None = None, *, page_cache: bool = False
) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "manchette.settings",
            "MANCHETTE_DATA_DIR": str(data),
            "MANCHETTE_PAGE_CACHE": "1" if page_cache else "0",
            "MANCHETTE_RATE_LIMITS": "0",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        }
    )
    for name in ("REDIS_URL", "DATABASE_URL", "DATABASE_REPLICA_URL"):
        os.environ.pop(name, None)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{data / 'bench.sqlite3'}"
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        os.environ["REDIS_URL"] = redis_url
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from manchette.news import surfaces
    from manchette.related import services

    # Bulk writes announce nothing here; the read-also index is built once, below.
    surfaces.unregister(services.on_article_change)
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())


def delete_comments() -> None:
    """Every comment, in slices: one delete of them all names each in one statement, past
    the 65,535 parameters PostgreSQL takes once a database holds that many."""
    from manchette.comments.models import Comment

    while batch := list(Comment.objects.values_list("pk", flat=True)[:10_000]):
        Comment.objects.filter(pk__in=batch).delete()


def empty_tables() -> None:
    """A PostgreSQL database may hold an earlier run's site: start from none."""
    from django.contrib.auth import get_user_model

    from manchette.news.models import Article, Provider, Section
    from manchette.popularity import backends

    delete_comments()
    Article.objects.all().delete()
    Section.objects.filter(parent__isnull=False).delete()
    Section.objects.all().delete()
    Provider.objects.all().delete()
    get_user_model().objects.filter(username__startswith="bench-").delete()
    backends.backend().clear()


def make_site(count: int, rng: random.Random) -> list[Page]:
    """The scratch site; the pages to time."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from manchette.comments.models import Comment
    from manchette.news.models import Article, ArticleVersion, Provider, Section
    from manchette.popularity import backends
    from manchette.popularity.backends import Tally
    from manchette.popularity.windows import scopes_of
    from manchette.related import services

    providers = [
        Provider.objects.create(code="AFP", name="AFP", slug="afp"),
        Provider.objects.create(code="RTR", name="Reuters", slug="reuters"),
        Provider.objects.create(code="BMX", name="Boursorama", slug="boursorama"),
    ]
    world = Section.objects.create(name="Monde", name_en="World", slug="monde", position=1)
    economy = Section.objects.create(
        name="Économie", name_en="Economy", slug="economie", position=2
    )
    sections = [
        world,
        economy,
        Section.objects.create(
            name="Entreprises", name_en="Companies", slug="entreprises", parent=economy, position=3
        ),
        Section.objects.create(name="Sports", name_en="Sport", slug="sports", position=4),
    ]
    now = timezone.now()
    topics = [topic.split() for topic in TOPICS]
    pools = [word_pool(rng, 300) for _ in topics]
    articles = []
    for n in range(count):
        topic = story_words(rng, topics[n % len(topics)], pools[n % len(topics)])
        body = "".join(f"<p>{paragraph(rng, topic)}</p>\n" for _ in range(6))
        published = now - timedelta(minutes=7 * n + 30)
        articles.append(
            Article(
                provider=providers[n % len(providers)],
                section=sections[n % len(sections)],
                guid=f"urn:bench:render:{n}",
                slug=f"depeche-{n}",
                headline=sentence(rng, topic, 11)[:-1],
                standfirst=sentence(rng, topic, 30),
                body_html=body,
                byline="Camille Martin" if n % 2 else "",
                language="fr",
                version="1",
                version_created=published,
                published_at=published,
            )
        )
    Article.objects.bulk_create(articles, batch_size=500)
    stored = list(Article.objects.order_by("-published_at").select_related("section"))
    ArticleVersion.objects.bulk_create(
        [
            ArticleVersion(
                article=a,
                version="1",
                version_created=a.version_created,
                pub_status="usable",
                headline=a.headline,
                language=a.language,
            )
            for a in stored
        ],
        batch_size=500,
    )
    services.rebuild()

    # A day of reading, most on the newest stories.
    at = int(time.time()) - 600
    backends.backend().add(
        [
            Tally(a.pk, scopes_of(a.section.path), at, views=1000 // (rank + 1))
            for rank, a in enumerate(stored[:200])
        ]
    )
    backends.backend().flush()

    featured = stored[3]
    users = get_user_model()
    readers = [
        users.objects.create_user(
            username=f"bench-{n}@example.org",
            email=f"bench-{n}@example.org",
            password=None,
            pseudonym=f"Lecteur {n}",
        )
        for n in range(4)
    ]
    tops = [
        Comment.objects.create(
            article=featured,
            author=readers[n % len(readers)],
            body=body,
            status=Comment.Status.PUBLISHED,
            created_at=now - timedelta(minutes=20 - n),
            published_at=now,
        )
        for n, body in enumerate(COMMENTS)
    ]
    for n, body in enumerate(REPLIES):
        Comment.objects.create(
            article=featured,
            parent=tops[1 + n],
            author=readers[(n + 2) % len(readers)],
            body=body,
            status=Comment.Status.PUBLISHED,
            created_at=now - timedelta(minutes=5 - n),
            published_at=now,
        )
    return [
        Page("article (7 comments)", featured.get_absolute_url()),
        Page("home", "/"),
        Page("section (Économie)", economy.get_absolute_url()),
        Page("provider (AFP)", providers[0].get_absolute_url()),
    ]


def blocks_of(page: bytes) -> str:
    """What the article page shows, to be sure the bench times the page it claims to."""
    read_also = page.partition(b'class="read-also"')[2].partition(b"</section>")[0]
    popular = page.partition(b'class="most-popular__list"')[2].partition(b"</ol>")[0]
    comments = page.count(b'<article class="comment')
    return (
        f"{comments} comments, "
        f"{read_also.count(b'<article')} read-also teasers, {popular.count(b'<li>')} most read"
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def fetch(client: Any, url: str, headers: dict[str, str]) -> bytes:
    response = client.get(url, **headers)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return bytes(response.content)


def measure(page: Page, renders: int, headers: dict[str, str]) -> Result:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    for _ in range(5):  # warm: templates compiled, rankings read, connections open
        fetch(client, page.url, headers)
    queries: list[str] = []

    def note(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    # Not CaptureQueriesContext: the request's start empties the log it reads.
    with connection.execute_wrapper(note):
        size = len(fetch(client, page.url, headers))
    timings = []
    cpu = []
    for _ in range(renders):
        start, start_cpu = time.perf_counter(), time.process_time()
        fetch(client, page.url, headers)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Result(
        page.name,
        statistics.median(timings),
        percentile(timings, 0.99),
        statistics.median(cpu),
        len(queries),
        size,
    )


def profile(page: Page, renders: int, headers: dict[str, str]) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit(
            "--profile needs pyinstrument: .venv/bin/pip install -e '.[dev]' "
            "(or .venv/bin/pip install pyinstrument)"
        ) from None
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    fetch(client, page.url, headers)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(renders):
        fetch(client, page.url, headers)
    profiler.stop()
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    print(f"\nProfile of {renders} renders of {page.name} (top):")
    print("\n".join(text.splitlines()[:90]))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--renders", type=int, default=300)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--postgres", help="a PostgreSQL DATABASE_URL (its tables are emptied)")
    parser.add_argument("--redis", help="a scratch Redis database URL (emptied)")
    parser.add_argument("--profile", action="store_true", help="profile the article page")
    parser.add_argument("--gzip", action="store_true", help="ask for gzip, as browsers do")
    options = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="manchette-bench-render-"))
    started = time.perf_counter()
    setup_django(data, options.postgres, options.redis)
    if options.postgres:
        empty_tables()
    pages = make_site(options.articles, random.Random(6))  # noqa: S311 - reproducible text
    from django.db import connection

    print(
        f"{options.articles} articles on {connection.vendor}"
        f"{' and Redis' if options.redis else ''}, "
        f"built in {time.perf_counter() - started:.0f} s; {options.renders} renders per page"
    )
    headers = {"HTTP_ACCEPT_ENCODING": "gzip"} if options.gzip else {}
    from django.test import Client

    print("article page:", blocks_of(fetch(Client(HTTP_HOST=HOST), pages[0].url, {})))
    run: Callable[[Page], Result] = lambda page: measure(page, options.renders, headers)  # noqa: E731
    print(f"{'page':<24}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms':>9}{'queries':>9}{'KB':>7}")
    for page in pages:
        result = run(page)
        print(
            f"{result.name:<24}{result.p50:>9.2f}{result.p99:>9.2f}{result.cpu:>9.2f}"
            f"{result.queries:>9}{result.size / 1024:>7.1f}"
        )
    if options.profile:
        profile(pages[0], options.renders, headers)


if __name__ == "__main__":
    main()
