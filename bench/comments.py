"""Never lose a comment: commenters and readers against the real server, then a count.

    .venv/bin/python bench/comments.py [--duration 60] [--commenters 50] [--readers 200]
                                       [--postgres URL | --no-postgres] [--no-sqlite]
                                       [--proxy] [--redis URL] [--workers N]

For each database (a scratch SQLite file, then PostgreSQL, whose Manchette
tables are emptied first) it migrates, creates readers with open sessions and
a few articles, and starts `manchette serve` (the production
server). Then, for `--duration` seconds, each commenter loads an article page
as a signed-in reader (session cookie, CSRF token from the form) and posts
comments as fast as the server answers, each on a new connection, while
readers load the article pages anonymously: wrk from a process of its own,
one kept-alive connection per reader as a browser keeps one, so that the
load generator does not take the CPU the server is measured on, asking for
compressed pages as browsers do. Before the clock starts, the readers read
the articles for a few seconds, as a site in service has been read. With
`--proxy`, readers and commenters go through nginx with the shipped
`deploy/nginx.conf` (the production layout), told of changes by the app.
Afterwards
every comment the server accepted (2xx or redirect) must be in the database
exactly once, and no answer may be a 5xx.

Rate limits are turned off (`MANCHETTE_RATE_LIMITS=0`): fifty readers posting
as fast as possible from one address is exactly what they exist to stop. The
moderation policy runs as configured; held comments count as accepted.

Targets, from the issue: >= 434 comments/s accepted on PostgreSQL (twice
Isso's 217 on this machine), reader p99 < 100 ms during the run, no loss,
no duplicate, no 5xx.
"""

# ruff: noqa: T201, S603 (a bench prints its table and runs the site's own command)
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _server  # the bench folder is not a package

ROOT = Path(__file__).resolve().parents[1]
MANCHETTE = _server.MANCHETTE
TARGET_COMMENTS_PER_S = 434
TARGET_READER_P99_MS = 100
ARTICLES = 10
HISTORY = 20_000  # comments the site had before the run
WARM_UP_S = 3
_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

# Run in a child process with the bench's environment: makes the site's content.
SETUP = """
import json, sys
from datetime import timedelta
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from manchette.comments.models import Comment, Report
from manchette.news.models import Article, Provider, Section

commenters = int(sys.argv[1])
Report.objects.all().delete()
sys.path.insert(0, %(bench)r)
from render import delete_comments
delete_comments()
Article.objects.filter(guid__startswith="bench:").delete()
get_user_model().objects.filter(username__startswith="bench-").delete()
provider, _ = Provider.objects.get_or_create(
    code="BENCH", defaults={"name": "Bench", "slug": "bench"})
section, _ = Section.objects.get_or_create(
    slug="banc", defaults={"name": "Banc", "name_en": "Bench"})
now = timezone.now()
urls = []
for n in range(%(articles)d):
    article = Article.objects.create(
        provider=provider, section=section, guid=f"bench:{n}", slug=f"banc-{n}",
        headline=f"Article de banc numéro {n}", standfirst="Un chapô.", body_html="<p>Texte.</p>",
        language="fr", version="1", version_created=now, published_at=now - timedelta(minutes=n),
    )
    urls.append(article.get_absolute_url())
%(sign_in)s
sessions = signed_in("bench", commenters)
# A site with a past: comments under an older article, closed, by the same readers. On
# tables emptied and analysed, PostgreSQL plans the run's statements for a few rows and
# keeps those plans while the threads grow, which no site in service sees.
archive = Article.objects.create(
    provider=provider, section=section, guid="bench:archive", slug="banc-archives",
    headline="Article de banc archivé", standfirst="Un chapô.", body_html="<p>Texte.</p>",
    language="fr", version="1", version_created=now - timedelta(days=30),
    published_at=now - timedelta(days=30), comments_closed=True,
)
readers = list(get_user_model().objects.filter(username__startswith="bench-"))
Comment.objects.bulk_create(
    Comment(article=archive, author=readers[n %% len(readers)], body=f"archive {n}",
            status=Comment.Status.PUBLISHED, created_at=now - timedelta(days=30, seconds=n),
            published_at=now - timedelta(days=30, seconds=n))
    for n in range(%(history)d)
)
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
print(json.dumps({"urls": urls, "sessions": sessions}))
"""

COUNT = """
import json, sys
import django
django.setup()
from django.conf import settings
from manchette.comments.models import Comment
bodies = Comment.objects.filter(body__startswith="bench ").values_list("body", flat=True)
print(json.dumps(list(bodies)))
"""


@dataclass
class Tally:
    accepted: list[str] = field(default_factory=list)
    refused: Counter[int] = field(default_factory=Counter)
    server_errors: int = 0
    failures: int = 0
    notes: set[str] = field(default_factory=set)


async def request(
    port: int, method: str, path: str, *, cookies: str = "", body: bytes = b"", headers: str = ""
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 exchange on its own connection (as a browser's first visit)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        if cookies:
            head += f"Cookie: {cookies}\r\n"
        if body:
            head += (
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n"
            )
        writer.write((head + headers + "\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    header_block, _, content = raw.partition(b"\r\n\r\n")
    lines = header_block.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    found: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip()
        found[name] = f"{found[name]}; {value}" if name in found else value
    return status, found, content


def form_encode(fields: dict[str, str]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


async def commenter(
    port: int, index: int, session: str, urls: list[str], deadline: float, tally: Tally
) -> None:
    url = urls[index % len(urls)]
    status, headers, content = await request(port, "GET", url, cookies=f"sessionid={session}")
    match = _CSRF_FIELD.search(content)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    if status != 200 or not match or not csrf_cookie:
        tally.failures += 1
        tally.notes.add(
            f"commenter could not start: HTTP {status}, token {bool(match)}, "
            f"cookie {bool(csrf_cookie)}"
        )
        return
    cookies = f"sessionid={session}; csrftoken={csrf_cookie.group(1)}"
    post_path = re.search(rb'class="comment-form" method="post" action="([^"]+)"', content)
    if post_path is None:
        tally.failures += 1
        return
    path = post_path.group(1).decode()
    n = 0
    while time.monotonic() < deadline:
        n += 1
        text = f"bench {index} {n} {uuid.uuid4().hex}"
        body = form_encode(
            {"csrfmiddlewaretoken": match.group(1).decode(), "body": text, "tri": "recents"}
        )
        try:
            status, _, _ = await request(
                port,
                "POST",
                path,
                cookies=cookies,
                body=body,
                headers=f"Referer: http://127.0.0.1:{port}{url}\r\n",
            )
        except (OSError, IndexError, ValueError):
            tally.failures += 1
            continue
        if 200 <= status < 400:
            tally.accepted.append(text)
        elif status >= 500:
            tally.server_errors += 1
        else:
            tally.refused[status] += 1


async def load(
    port: int, urls: list[str], sessions: list[str], duration: float
) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(
        *(commenter(port, i, s, urls, deadline, tally) for i, s in enumerate(sessions))
    )
    return tally, time.monotonic() - started


# Each wrk connection reads the articles in turn, asking for them compressed as browsers do.
READ_LUA = """
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", urls[n % #urls + 1])
end
"""


def start_readers(
    folder: Path, port: int, urls: list[str], args: argparse.Namespace, seconds: float
) -> subprocess.Popen[str] | None:
    if not args.readers:
        return None
    script = folder / "read.lua"
    listed = ", ".join(_server.lua_string(url) for url in urls)
    script.write_text(f"urls = {{{listed}}}\n{READ_LUA}")
    return _server.wrk_start(
        f"http://{_server.HOST}:{port}{urls[0]}", seconds, args.readers, "-s", str(script)
    )


def cpu_now(
    server: subprocess.Popen[bytes], front: subprocess.Popen[bytes] | None
) -> dict[str, float]:
    """CPU seconds used so far by each part of the run; "children" are the processes the
    bench has waited for (wrk, once it is done)."""
    mine = os.times()
    return {
        "app": _server.tree_cpu_seconds(server.pid),
        "PostgreSQL": _server.postgres_cpu_seconds(),
        "nginx": _server.tree_cpu_seconds(front.pid) if front is not None else 0.0,
        "commenters": mine.user + mine.system,
        "children": mine.children_user + mine.children_system,
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(MANCHETTE), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"manchette {' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def python(env: dict[str, str], code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"bench child failed:\n{done.stderr[-3000:]}")
    return done.stdout


def run(label: str, database_url: str | None, args: argparse.Namespace) -> dict[str, object]:
    data = Path(tempfile.mkdtemp(prefix="manchette-bench-comments-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "manchette.settings",
        "MANCHETTE_DATA_DIR": str(data),
        "MANCHETTE_RATE_LIMITS": "0",
        "LOG_LEVEL": "WARNING",
        # As in production behind a proxy that logs (deploy/systemd/env.example), and as
        # the bench's nginx runs: no line per request.
        "MANCHETTE_ACCESS_LOG": os.environ.get("MANCHETTE_ACCESS_LOG", "0"),
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
    }
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
        if args.redis:
            env["REDIS_URL"] = args.redis
    try:
        manage(env, "migrate", "--noinput")
        setup = SETUP % {
            "articles": ARTICLES,
            "history": HISTORY,
            "sign_in": _server.SIGN_IN,
            "bench": str(Path(__file__).resolve().parent),
        }
        made = json.loads(python(env, setup, str(args.commenters)))
        app_port = _server.free_port()
        port = _server.free_port() if args.proxy else app_port
        if args.proxy:
            env["MANCHETTE_PURGE_URLS"] = env["MANCHETTE_SITE_URL"] = (
                f"http://{_server.HOST}:{port}"
            )
        server = _server.start(env, app_port, workers=args.workers)
        front = _server.nginx_front(data / "nginx", port, app_port) if args.proxy else None
        try:
            # A site in service has read its articles before the storm: their first views
            # (ranking the read-also block, filling the caches) are not what is measured.
            warming = start_readers(data, port, made["urls"], args, WARM_UP_S)
            if warming is not None:
                _server.wrk_result(warming)
            before = cpu_now(server, front)
            reading = start_readers(data, port, made["urls"], args, args.duration)
            tally, elapsed = asyncio.run(load(port, made["urls"], made["sessions"], args.duration))
            after = cpu_now(server, front)
            reads = _server.wrk_result(reading) if reading is not None else None
            waited = os.times()  # wrk's time is the bench's children's once it is reaped
            spent = {part: after[part] - before[part] for part in before if part != "children"}
            spent["readers (wrk)"] = (
                waited.children_user + waited.children_system - before["children"]
            )
        finally:
            _server.stop(server)  # first: its last refreshes go to a proxy still there
            if front is not None:
                _server.stop(front)
        stored = Counter(json.loads(python(env, COUNT)))
        accepted = Counter(tally.accepted)
        lost = [text for text in accepted if stored[text] == 0]
        doubled = [text for text, times in stored.items() if times > 1]
        return {
            "label": label,
            "accepted": len(tally.accepted),
            "per_s": len(tally.accepted) / elapsed,
            "lost": len(lost),
            "doubled": len(doubled) + sum(1 for times in accepted.values() if times > 1),
            "unconfirmed": sum(1 for text in stored if text not in accepted),
            "server_errors": tally.server_errors,
            "refused": dict(tally.refused),
            "failures": tally.failures,
            "reads": reads.requests if reads else 0,
            "read_errors": (reads.bad_status + reads.socket_errors) if reads else 0,
            "read_detail": reads.socket_detail if reads else "",
            "p50": reads.p50_ms if reads else 0.0,
            "p99": reads.p99_ms if reads else 0.0,
            "notes": sorted(tally.notes),
            "cpu_ms_per_comment": {
                part: 1000 * seconds / max(len(tally.accepted), 1)
                for part, seconds in spent.items()
                if seconds
            },
        }
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    parser.add_argument("--commenters", type=int, default=50)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--workers", type=int, default=0, help="server workers (its default)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "MANCHETTE_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/h2"
        ),
    )
    parser.add_argument("--redis", default=os.environ.get("MANCHETTE_BENCH_REDIS_URL", ""))
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="readers and commenters through nginx with deploy/nginx.conf (production layout)",
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    targets = ([] if args.no_sqlite else [("SQLite", None)]) + (
        [] if args.no_postgres else [("PostgreSQL", args.postgres)]
    )
    print(
        f"{args.commenters} commenters and {args.readers} readers for {args.duration:.0f} s; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores",
        flush=True,
    )
    print(
        f"{'database':<11} {'accepted':>8} {'/s':>7} {'lost':>5} {'twice':>5} {'5xx':>4} "
        f"{'reads':>6} {'p50 ms':>7} {'p99 ms':>7}   targets: >= {TARGET_COMMENTS_PER_S}/s on "
        f"PostgreSQL, p99 < {TARGET_READER_P99_MS} ms, 0 lost, 0 twice, 0 5xx"
    )
    for label, url in targets:
        r = run(label, url, args)
        rate_ok = r["per_s"] >= TARGET_COMMENTS_PER_S or label != "PostgreSQL"  # type: ignore[operator]
        safe = r["lost"] == r["doubled"] == r["server_errors"] == r["read_errors"] == 0
        fast = r["p99"] < TARGET_READER_P99_MS  # type: ignore[operator]
        verdict = "ok" if safe else "LOSS/ERRORS"
        verdict += "" if rate_ok else ", BELOW RATE"
        verdict += "" if fast else ", READS SLOW"
        print(
            f"{label:<11} {r['accepted']:>8} {r['per_s']:>7.1f} {r['lost']:>5} {r['doubled']:>5} "
            f"{r['server_errors']:>4} {r['reads']:>6} {r['p50']:>7.1f} {r['p99']:>7.1f}   "
            f"{verdict}",
            flush=True,
        )
        print(
            f"{'':<11} refused (4xx) {r['refused'] or 'none'}; connection failures "
            f"{r['failures']}; stored without an answer {r['unconfirmed']}; reads not 2xx/3xx "
            f"or failed {r['read_errors']}{r['read_detail']}",
            flush=True,
        )
        shares = ", ".join(f"{part} {ms:.2f}" for part, ms in r["cpu_ms_per_comment"].items())  # type: ignore[attr-defined]
        print(f"{'':<11} CPU ms per accepted comment: {shares}", flush=True)
        for note in r["notes"]:  # type: ignore[attr-defined]
            print(f"{'':<11} {note}")
    print(f"Load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
