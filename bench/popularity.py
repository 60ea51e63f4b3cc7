"""Most popular: how fast views are counted and ranked, and the beacon through the real server.

    .venv/bin/python bench/popularity.py [--views 200000] [--articles 10000] [--duration 10]
                                         [--postgres URL] [--redis URL] [--no-server]

In a fresh data folder (SQLite, or the PostgreSQL database `--postgres`
names, whose tables are created here and must be a scratch one), with
`--articles` generated stories in three sections:

1. Views recorded per second from one process, by each backend (the
   embedded one on the database, and Redis when `--redis` or REDIS_URL is
   given, under a key prefix of its own, deleted afterwards):
   `record` is the beacon's path (every view from a distinct reader, so
   each goes through the 30-minute check), handed over in batches of 1,000
   and flushed at the end; `add` is the batch door (no reader check), 5x as
   many views. Articles are drawn with a Zipf law; views carry the last few
   seconds as their time, as the views one flush holds do. (The earlier
   hours' counts come from a separate `add` of views spread over the last
   24 h, so the ranking below sums a full day of buckets.)
2. The top-5 query, 300 times after those views: the backend's ranking of
   the last 24 h uncached (what a process does every few seconds), and
   `selectors.most_popular()`, what a page calls (a cached ranking, then
   the visibility check of the articles in the database).
3. Through the real server (`manchette serve`, its default
   workers), loaded by wrk from a second process at `--connections`: the
   article page itself, then its beacon (POSTs, each from another browser
   so every one is counted), with the embedded counter, and again with
   Redis when given. Counted views are read back afterwards.

Targets: >= 50,000 views/s recorded per backend, top-5 p99 < 2 ms, and the
beacon at least as many requests/s as the article page.
"""

# ruff: noqa: T201, S101, S311, S603, S607 (a bench prints, asserts its setup, draws and runs wrk)
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _server  # the bench folder is not a package

if TYPE_CHECKING:
    from manchette.popularity.backends import PopularityBackend

ROOT = Path(__file__).resolve().parents[1]
Row = tuple[str, str, str, str]
"""(measure, value, target, verdict): a line of the table."""
TARGET_VIEWS_PER_S = 50_000
TARGET_TOP_P99_MS = 2.0
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
# Each request from another browser (run, thread and request number in the
# user agent), so every beacon is a reader's first view and counts.
BEACON_LUA = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
request = function()
  n = n + 1
  local agent = "%(browser)s bench/%(run)s/" .. tid .. "/" .. n
  return wrk.format("POST", "%(path)s", {["User-Agent"] = agent})
end
"""


def setup_django(data: Path, database_url: str | None) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "manchette.settings",
            "MANCHETTE_DATA_DIR": str(data),
            "MANCHETTE_RATE_LIMITS": "0",
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        }
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def make_articles(count: int) -> list[tuple[int, str]]:
    """`count` published stories in three sections; (id, scope path) of each."""
    from django.utils import timezone

    from manchette.news.models import Article, Provider, Section

    provider = Provider.objects.create(code="BENCH", name="Bench", slug="bench")
    economy = Section.objects.create(name="Économie", slug="economie")
    sections = [
        Section.objects.create(name="Monde", slug="monde"),
        economy,
        Section.objects.create(name="Entreprises", slug="entreprises", parent=economy),
    ]
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                provider=provider,
                guid=f"urn:bench:{n}",
                section=sections[n % 3],
                slug=f"depeche-{n}",
                headline=f"Dépêche numéro {n}",
                language="fr",
                version_created=now,
                published_at=now,
            )
            for n in range(count)
        ],
        batch_size=2_000,
    )
    return list(Article.objects.values_list("pk", "section__path"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure_backend(
    name: str, counter: PopularityBackend, articles: list[tuple[int, str]], views: int
) -> list[Row]:
    from manchette.popularity import backends, selectors
    from manchette.popularity.backends import Tally, View
    from manchette.popularity.windows import DEFAULT, SITE, scopes_of

    rng = random.Random(4)
    weights = [1 / rank for rank in range(1, len(articles) + 1)]
    scopes = {pk: scopes_of(path) for pk, path in articles}
    now = int(time.time())
    drawn = rng.choices([pk for pk, _ in articles], weights=weights, k=views * 5)
    stream = [
        View(uuid.uuid4().int >> 65, pk, scopes[pk], now - rng.randrange(5)) for pk in drawn[:views]
    ]
    started = time.perf_counter()
    for start in range(0, len(stream), 1_000):
        counter.record(stream[start : start + 1_000])
    counter.flush()
    record_rate = views / (time.perf_counter() - started)

    tallies = [Tally(pk, scopes[pk], now - rng.randrange(5)) for pk in drawn]
    started = time.perf_counter()
    for start in range(0, len(tallies), 10_000):
        counter.add(tallies[start : start + 10_000])
    counter.flush()
    add_rate = len(tallies) / (time.perf_counter() - started)

    counter.add([Tally(pk, scopes[pk], now - rng.randrange(86_400)) for pk in drawn[:views]])
    counter.flush()  # a day of history, not timed

    raw = []
    for _ in range(300):
        started = time.perf_counter()
        counter.top(scope=SITE, window=DEFAULT, now=int(time.time()), limit=20)
        raw.append((time.perf_counter() - started) * 1000)
    backends.backend = lambda: counter  # type: ignore[assignment]
    selectors.forget_rankings()
    page = []
    for _ in range(3_000):
        started = time.perf_counter()
        assert len(selectors.most_popular()) == 5
        page.append((time.perf_counter() - started) * 1000)
    ok = "ok"
    return [
        (
            f"{name}: views recorded/s (record, reader check)",
            f"{record_rate:,.0f}",
            f">= {TARGET_VIEWS_PER_S:,}",
            ok if record_rate >= TARGET_VIEWS_PER_S else "BELOW",
        ),
        (
            f"{name}: views recorded/s (add, batch door)",
            f"{add_rate:,.0f}",
            f">= {TARGET_VIEWS_PER_S:,}",
            ok if add_rate >= TARGET_VIEWS_PER_S else "BELOW",
        ),
        (
            f"{name}: top-5 24 h, uncached ranking p50/p99 ms",
            f"{statistics.median(raw):.2f} / {percentile(raw, 0.99):.2f}",
            "(every 5 s)",
            "",
        ),
        (
            f"{name}: top-5 as a page reads it p50/p99 ms",
            f"{statistics.median(page):.2f} / {percentile(page, 0.99):.2f}",
            f"p99 < {TARGET_TOP_P99_MS:g}",
            ok if percentile(page, 0.99) < TARGET_TOP_P99_MS else "SLOW",
        ),
    ]


def wrk(url: str, args: argparse.Namespace, *extra: str) -> tuple[float, float, int, int]:
    """(requests/s, p99 ms, non-2xx, requests) of one wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration:g}s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return rate, p99, int(bad.group(1)) if bad else 0, total


def measure_server(
    name: str, redis_url: str, article_id: int, args: argparse.Namespace
) -> list[Row]:
    from manchette.news.models import Article
    from manchette.popularity.backends.embedded import EmbeddedBackend
    from manchette.popularity.backends.redis import RedisBackend
    from manchette.popularity.tokens import beacon_url
    from manchette.popularity.windows import DEFAULT, SITE

    article = Article.objects.select_related("section").get(pk=article_id)
    counter = RedisBackend(redis_url) if redis_url else EmbeddedBackend(flush_seconds=0)

    def views_now() -> int:
        ranking = counter.top(scope=SITE, window=DEFAULT, now=int(time.time()), limit=10**6)
        return dict(ranking).get(article.pk, 0)

    before = views_now()
    env = {**os.environ}
    if redis_url:
        env["REDIS_URL"] = redis_url
    port = _server.free_port()
    log = Path(os.environ["MANCHETTE_DATA_DIR"]) / f"server-{port}.log"
    with log.open("wb") as output:
        server = _server.start(env, port, log=output)
    base = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        # A token per run: readers of an earlier run (same article id, same day's salt in
        # Redis) would otherwise be within their 30 minutes and rightly not count.
        script.write(
            BEACON_LUA
            % {
                "browser": BROWSER,
                "run": uuid.uuid4().hex[:8],
                "path": beacon_url(article.public_id),
            }
        )
    try:
        subprocess.run(
            ["wrk", "-t1", "-c2", "-d1s", base + article.get_absolute_url()],
            capture_output=True,
            check=True,
        )  # warm every worker
        page = wrk(base + article.get_absolute_url(), args, "-H", f"User-Agent: {BROWSER}")
        beacon = wrk(base + "/", args, "-s", script.name)
    finally:
        _server.stop(server)
        os.unlink(script.name)
    # Workers write what they hold as they stop; Redis has it already.
    counted = views_now() - before
    served = beacon[3] - beacon[2]
    failed_writes = log.read_text(encoding="utf-8").count("view counts not written")
    return [
        (
            f"server ({name}): article page req/s, p99 ms",
            f"{page[0]:,.0f}, {page[1]:.1f}",
            "(reference)",
            "" if not page[2] else f"{page[2]} non-2xx",
        ),
        (
            f"server ({name}): beacon req/s, p99 ms",
            f"{beacon[0]:,.0f}, {beacon[1]:.1f}",
            ">= article page",
            ("ok" if beacon[0] >= page[0] else "BELOW")
            + ("" if not beacon[2] else f", {beacon[2]} non-2xx"),
        ),
        (
            f"server ({name}): beacon views counted",
            f"{counted:,} of {served:,}",
            "all",
            # wrk stops counting at the deadline while its last requests are still
            # answered: up to one more per connection may be counted than it saw.
            ("ok" if served <= counted <= served + args.connections else "MISMATCH")
            + (f", {failed_writes} failed writes" if failed_writes else ""),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--views", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--postgres", default="", help="a scratch PostgreSQL database URL")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--no-server", action="store_true")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="manchette-bench-popularity-"))
    try:
        setup_django(data, args.postgres or None)
        from manchette.popularity.backends.embedded import EmbeddedBackend
        from manchette.popularity.backends.redis import RedisBackend

        database = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"{args.articles:,} articles, {args.views:,} views; {database}"
            f"{', Redis' if args.redis else ''}; load average {os.getloadavg()[0]:.2f} "
            f"on {os.cpu_count()} cores",
            flush=True,
        )
        articles = make_articles(args.articles)
        rows = measure_backend(
            f"embedded ({database})", EmbeddedBackend(flush_seconds=0), articles, args.views
        )
        if args.redis:
            redis_counter = RedisBackend(args.redis, prefix=f"bench:{uuid.uuid4().hex}:")
            try:
                rows += measure_backend("Redis", redis_counter, articles, args.views)
            finally:
                redis_counter.clear()
        if not args.no_server:
            if shutil.which("wrk") is None:
                print("wrk not found (apt-get install wrk): server rows skipped")
            else:
                rows += measure_server(f"embedded, {database}", "", articles[0][0], args)
                if args.redis:
                    rows += measure_server(f"Redis, {database}", args.redis, articles[1][0], args)
        width = max(len(row[0]) for row in rows)
        print(f"{'measure':<{width}}  {'value':>22}  {'target':>16}  verdict")
        for measure, value, target, verdict in rows:
            print(f"{measure:<{width}}  {value:>22}  {target:>16}  {verdict}")
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
