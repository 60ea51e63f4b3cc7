"""Pages served per second by the real server, against nginx serving the same page from a file.

    .venv/bin/python bench/pages.py [--duration 10] [--postgres URL] [--redis URL]
                                    [--workers N] [--soak] [--connections 50]

Builds a scratch site in a temporary data folder (SQLite there, or the
PostgreSQL database `--postgres` names, whose Manchette tables are emptied
first) with bench/render.py's generator: `--articles` stories in four
sections from three providers, the read-also index built, a day of view
counts so the most-read block shows five links, and the measured article
with seven comments (five, two of them answered). Readers with open sessions
are added to post comments.

Then `manchette serve` (its default workers unless `--workers`) is started
three times: with the page cache on (`MANCHETTE_PAGE_CACHE=1`), off (`0`:
every page rendered, from blocks and rows kept per process), and off with
the block cache off too (`MANCHETTE_BLOCK_CACHE_MB=0`: nothing kept), and
wrk loads it from another process, at `--connections` over two threads, for
`--duration` seconds after a two-second warm-up: the article page, the home
page, and comment POSTs by signed-in readers (session cookie and CSRF token
taken from the article's form, a new text each time; rate limits off). Every
comment answered 303 must be in the database afterwards. In the same run
nginx serves the cached article page saved to a file: the ceiling every
figure is divided by.

`--redis` puts the page cache, tag versions, view counts, rate limits and
sessions in that Redis database (emptied first), as a site that outgrew
one machine runs.

`--soak` instead runs the mix (anonymous article pages from the cache,
signed-in reader pages, which are always rendered, view beacons and
comment POSTs) for ten minutes, and prints the workers' resident size
every 30 s; the issue's soak is
`--soak --postgres URL --redis URL --connections 200`.

Targets, from issue 6: cached article page >= 1/4 of nginx static, p99 <
20 ms; uncached article page >= 500 req/s, p99 < 150 ms; no 5xx, no comment
lost; workers' memory flat over ten minutes.
"""

# ruff: noqa: T201, S603, S607 (a bench prints its table and runs wrk, nginx and the site)
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _server  # the bench folder is not a package

MANCHETTE = _server.MANCHETTE
PORTS = range(8300, 8400)
TARGET_CACHED_RATIO = 0.25
TARGET_CACHED_P99_MS = 20.0
TARGET_UNCACHED_PER_S = 500.0
TARGET_UNCACHED_P99_MS = 150.0
SOAK_SECONDS = 600
SOAK_SAMPLE_SECONDS = 30
# Growth allowed between the first minute's sample and the last before a worker's
# memory is called growing: allocator noise and caches still filling.
FLAT_TOLERANCE = 0.10
POSTERS = 50
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_POST_PATH = re.compile(r'class="comment-form" method="post" action="([^"]+)"')

# Run in a child process with the bench's environment: makes the site's content.
SETUP = """
import json, random, sys
from pathlib import Path
sys.path.insert(0, %(bench)r)
import render
data, database_url = Path(sys.argv[1]), sys.argv[2]
count, posters = int(sys.argv[3]), int(sys.argv[4])
render.setup_django(data, database_url or None)
if database_url:
    render.empty_tables()
pages = render.make_site(count, random.Random(6))
from django.conf import settings
from manchette.news.models import Article
%(sign_in)s
sessions = signed_in("poster", posters)
newest = Article.objects.order_by("-published_at").select_related("section")
others = [a.get_absolute_url() for a in newest[:200] if a.get_absolute_url() != pages[0].url]
from manchette.popularity.tokens import beacon_url
beacons = [beacon_url(a.public_id) for a in newest[:200]]
print(json.dumps({"secret_key": settings.SECRET_KEY, "article": pages[0].url,
                  "commented": others[0], "others": others, "sessions": sessions,
                  "beacons": beacons}))
"""

COUNT = """
import django
django.setup()
from manchette.comments.models import Comment
print(Comment.objects.filter(body__startswith="bench ").count())
"""

# Shared by the comment and soak scripts: tallies answers by class in each
# thread, and prints the sums when wrk is done (wrk counts only non-2xx/3xx).
TALLY_LUA = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
accepted, refused, failed = 0, 0, 0
response = function(status, headers, body)
  if status >= 500 then failed = failed + 1
  elseif status >= 400 then refused = refused + 1
  elseif status == 303 then accepted = accepted + 1 end
end
done = function(summary, latency, requests)
  local a, r, f = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted"); r = r + t:get("refused"); f = f + t:get("failed")
  end
  io.write(string.format("TALLY accepted=%d refused=%d failed=%d\\n", a, r, f))
end
"""

# Each POST from one of the signed-in readers, with a text never sent before.
POST_LUA = """
local n = 0
function post()
  n = n + 1
  local who = creds[(n * 7 + tid) % #creds + 1]
  local body = "csrfmiddlewaretoken=" .. who[2] .. "&tri=recents&body=bench+" .. run .. "+"
    .. tid .. "+" .. n .. "+" .. math.random(1, 1000000000) .. "+un+avis+de+lecteur"
  return wrk.format("POST", post_path, {
    ["Cookie"] = who[1], ["Referer"] = referer,
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""

# Five pages from the cache, two rendered for a signed-in reader, two view beacons (each
# from another browser, so each counts), one comment.
SOAK_LUA = """
local turn = 0
request = function()
  turn = turn + 1
  local step = turn % 10
  if step < 5 then return wrk.format("GET", article) end
  if step < 7 then
    local who = creds[turn % #creds + 1]
    return wrk.format("GET", others[turn % #others + 1], {["Cookie"] = who[1]})
  end
  if step < 9 then
    local agent = "Mozilla/5.0 bench/" .. run .. "/" .. tid .. "/" .. turn
    return wrk.format("POST", beacons[turn % #beacons + 1], {["User-Agent"] = agent})
  end
  return post()
end
"""


def warm(url: str, connections: int, *extra: str) -> None:
    _server.wrk(url, 2, connections, *extra)


def get(port: int, path: str, cookie: str = "") -> tuple[int, str, str]:
    """(status, body, Set-Cookie) of one GET."""
    connection = http.client.HTTPConnection(_server.HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        answer = connection.getresponse()
        body = answer.read().decode()
        return answer.status, body, "; ".join(answer.headers.get_all("Set-Cookie") or [])
    finally:
        connection.close()


def credentials(port: int, path: str, sessions: list[str]) -> tuple[list[tuple[str, str]], str]:
    """([(cookies, CSRF token)] of each signed-in reader, the form's POST path)."""
    found = []
    post_path = ""
    for session in sessions:
        status, body, cookies = get(port, path, f"sessionid={session}")
        token = _CSRF_FIELD.search(body)
        csrf = re.search(r"csrftoken=([^;]+)", cookies)
        action = _POST_PATH.search(body)
        if status != 200 or not token or not csrf or not action:
            sys.exit(f"no comment form for a signed-in reader at {path} (HTTP {status})")
        found.append((f"sessionid={session}; csrftoken={csrf.group(1)}", token.group(1)))
        post_path = action.group(1)
    return found, post_path


def post_script(folder: Path, port: int, made: dict[str, object], body: str) -> Path:
    """A wrk script posting comments as the signed-in readers, `body` choosing the requests."""
    sessions: list[str] = made["sessions"]  # type: ignore[assignment]
    commented: str = made["commented"]  # type: ignore[assignment]
    creds, post_path = credentials(port, commented, sessions)
    head = "\n".join(
        [
            "creds = {"
            + ", ".join(f"{{{_server.lua_string(c)}, {_server.lua_string(t)}}}" for c, t in creds)
            + "}",
            f"post_path = {_server.lua_string(post_path)}",
            f"referer = {_server.lua_string(f'http://{_server.HOST}:{port}{commented}')}",
            f"run = {_server.lua_string(uuid.uuid4().hex[:8])}",
            f"article = {_server.lua_string(str(made['article']))}",
            "others = {" + ", ".join(_server.lua_string(o) for o in made["others"]) + "}",  # type: ignore[attr-defined]
            "beacons = {" + ", ".join(_server.lua_string(b) for b in made["beacons"]) + "}",  # type: ignore[attr-defined]
        ]
    )
    script = folder / f"post-{port}.lua"
    script.write_text(head + TALLY_LUA + POST_LUA + body)
    return script


def comments_stored(env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", COUNT], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"counting comments failed:\n{done.stderr[-3000:]}")
    return int(done.stdout)


NGINX_CONF = """
daemon off;
worker_processes auto;
%(user)s
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path %(dir)s/body;
  proxy_temp_path %(dir)s/proxy;
  fastcgi_temp_path %(dir)s/fastcgi;
  uwsgi_temp_path %(dir)s/uwsgi;
  scgi_temp_path %(dir)s/scgi;
  types { }
  default_type "text/html; charset=utf-8";
  server {
    listen %(host)s:%(port)d;
    root %(dir)s/www;
    location / { try_files /article.html =404; }
  }
}
"""


def measure_nginx(folder: Path, html: str, args: argparse.Namespace) -> _server.Wrk:
    if shutil.which("nginx") is None:
        sys.exit("nginx not found (apt-get install nginx-light)")
    place = folder / "nginx"
    (place / "www").mkdir(parents=True)
    (place / "www" / "article.html").write_text(html, encoding="utf-8")
    port = _server.free_port(PORTS)
    conf = place / "nginx.conf"
    conf.write_text(
        NGINX_CONF
        % {
            "dir": place,
            "host": _server.HOST,
            "port": port,
            "user": "user root;" if os.geteuid() == 0 else "",
        }
    )
    server = subprocess.Popen(
        ["nginx", "-p", str(place), "-e", str(place / "error.log"), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _server.wait_for(port, server)
        url = f"http://{_server.HOST}:{port}/"
        warm(url, args.connections)
        return _server.wrk(url, args.duration, args.connections)
    finally:
        _server.stop(server)


@dataclass
class Row:
    scenario: str
    result: _server.Wrk
    target: str
    met: bool | None
    note: str = ""


def errors_of(result: _server.Wrk) -> int:
    return result.bad_status + result.socket_errors + result.tally.get("failed", 0)


def run_scenarios(
    folder: Path, env: dict[str, str], made: dict[str, object], args: argparse.Namespace
) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    memory: list[str] = []
    article = str(made["article"])

    server, port = start_site(env, args, "1")
    try:
        base = f"http://{_server.HOST}:{port}"
        memory.append(f"cache on, start: {_server.describe_rss(_server.worker_rss_mib(server))}")
        status, html, _ = get(port, article)
        if status != 200:
            sys.exit(f"the article page answered {status}")
        warm(base + article, args.connections)
        cached = _server.wrk(base + article, args.duration, args.connections)
        rows.append(
            Row(
                "article page, cached",
                cached,
                f">= {TARGET_CACHED_RATIO:g} nginx, p99 < {TARGET_CACHED_P99_MS:g} ms",
                None,  # the ratio is known once nginx ran
                f"{len(html.encode()) / 1024:.1f} KB",
            )
        )
        warm(base + "/", args.connections)
        home = _server.wrk(base + "/", args.duration, args.connections)
        rows.append(Row("home page, cached", home, "no errors", errors_of(home) == 0))
        before = comments_stored(env)
        script = post_script(folder, port, made, "\nrequest = post\n")
        posts = _server.wrk(base + "/", args.duration, args.connections, "-s", str(script))
        memory.append(f"cache on, end:   {_server.describe_rss(_server.worker_rss_mib(server))}")
    finally:
        _server.stop(server)
    # wrk stops counting at its deadline while the last POSTs are still answered:
    # up to one more per connection may be stored than it saw accepted.
    stored = comments_stored(env) - before
    accepted = posts.tally.get("accepted", 0)
    kept = accepted <= stored <= accepted + args.connections
    rows.append(
        Row(
            "comment POST (signed in)",
            posts,
            "no loss, no 5xx",
            kept and errors_of(posts) == 0,
            f"{accepted} accepted, {stored} stored, {posts.tally.get('refused', 0)} refused",
        )
    )

    server, port = start_site(env, args, "0")
    try:
        base = f"http://{_server.HOST}:{port}"
        memory.append(f"cache off, start: {_server.describe_rss(_server.worker_rss_mib(server))}")
        warm(base + article, args.connections)
        uncached = _server.wrk(base + article, args.duration, args.connections)
        met = (
            uncached.per_s >= TARGET_UNCACHED_PER_S
            and uncached.p99_ms < TARGET_UNCACHED_P99_MS
            and errors_of(uncached) == 0
        )
        rows.append(
            Row(
                "article page, cache off",
                uncached,
                f">= {TARGET_UNCACHED_PER_S:g}/s, p99 < {TARGET_UNCACHED_P99_MS:g} ms",
                met,
            )
        )
        warm(base + "/", args.connections)
        home = _server.wrk(base + "/", args.duration, args.connections)
        rows.append(Row("home page, cache off", home, "no errors", errors_of(home) == 0))
        memory.append(f"cache off, end:   {_server.describe_rss(_server.worker_rss_mib(server))}")
    finally:
        _server.stop(server)

    # For comparison: nothing kept at all, every block and row read for each request.
    server, port = start_site(env, args, "0", blocks=False)
    try:
        base = f"http://{_server.HOST}:{port}"
        warm(base + article, args.connections)
        bare = _server.wrk(base + article, args.duration, args.connections)
        rows.append(Row("article, blocks off too", bare, "(for comparison)", None))
    finally:
        _server.stop(server)

    static = measure_nginx(folder, html, args)
    rows.append(Row("nginx, same page as a file", static, "(the ceiling)", None))
    first = rows[0]
    first.met = (
        first.result.per_s >= TARGET_CACHED_RATIO * static.per_s
        and first.result.p99_ms < TARGET_CACHED_P99_MS
        and errors_of(first.result) == 0
    )
    print_table(rows, static)
    return rows, memory


def print_table(rows: list[Row], static: _server.Wrk) -> None:
    print(
        f"{'scenario':<27} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'/nginx':>7}  {'target':<36} met?"
    )
    for row in rows:
        r = row.result
        met = "" if row.met is None else ("yes" if row.met else "NO")
        print(
            f"{row.scenario:<27} {r.per_s:>9,.0f} {r.p50_ms:>7.2f} {r.p99_ms:>7.2f} "
            f"{errors_of(r):>6} {r.per_s / static.per_s:>7.3f}  {row.target:<36} {met}"
            + (f"  ({row.note})" if row.note else "")
        )


def soak(
    folder: Path, env: dict[str, str], made: dict[str, object], args: argparse.Namespace
) -> None:
    server, port = start_site(env, args, "1")
    samples: list[dict[int, float]] = []
    before = comments_stored(env)
    accepted = 0
    try:
        base = f"http://{_server.HOST}:{port}"
        script = post_script(folder, port, made, SOAK_LUA)
        print(f"{'s':>5} {'req/s':>8} {'p99 ms':>7} {'errors':>6}  worker RSS, MiB", flush=True)
        chunks = max(1, round(args.soak_seconds / SOAK_SAMPLE_SECONDS))
        for n in range(chunks):
            r = _server.wrk(base + "/", SOAK_SAMPLE_SECONDS, args.connections, "-s", str(script))
            sizes = _server.worker_rss_mib(server)
            samples.append(sizes)
            accepted += r.tally.get("accepted", 0)
            shown = " ".join(f"{size:6.1f}" for size in sizes.values())
            print(
                f"{(n + 1) * SOAK_SAMPLE_SECONDS:>5} {r.per_s:>8,.0f} {r.p99_ms:>7.1f} "
                f"{errors_of(r):>6}  {shown}",
                flush=True,
            )
    finally:
        _server.stop(server)
    stored = comments_stored(env) - before
    # Each wrk run may leave one answer per connection uncounted (see run_scenarios).
    kept = accepted <= stored <= accepted + args.connections * len(samples)
    print(f"comments: {accepted} accepted, {stored} stored: {'no loss' if kept else 'MISMATCH'}")
    # The first minute fills caches and pools: growth is judged from there on.
    base_sample = samples[min(1, len(samples) - 1)]
    growth = [
        (samples[-1].get(pid, 0.0) - size) / size for pid, size in base_sample.items() if size
    ]
    worst = max(growth, default=0.0)
    verdict = "flat" if worst <= FLAT_TOLERANCE else "GROWING"
    print(
        f"largest worker growth after the first minute: {worst:+.1%} "
        f"(target: flat, <= {FLAT_TOLERANCE:.0%}): {verdict}"
    )


def start_site(
    env: dict[str, str], args: argparse.Namespace, cache: str, *, blocks: bool = True
) -> tuple[Popen[bytes], int]:
    """`manchette serve` with the page cache on ("1") or off ("0"), and the block cache on
    (its default) or off, its errors in server.log."""
    port = _server.free_port(PORTS)
    kept = {} if blocks else {"MANCHETTE_BLOCK_CACHE_MB": "0"}
    with (args.folder / "server.log").open("ab") as log:
        server = _server.start(
            {**env, "MANCHETTE_PAGE_CACHE": cache, **kept},
            port,
            workers=args.workers,
            extra=("--skip-collectstatic", "--no-scheduler"),
            log=log,
        )
    return server, port


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=0, help="server workers (serve's default)")
    parser.add_argument("--postgres", default="", help="a scratch PostgreSQL database URL")
    parser.add_argument("--redis", default="", help="a scratch Redis database URL (emptied)")
    parser.add_argument("--soak", action="store_true", help="ten minutes of mixed load, RSS")
    parser.add_argument("--soak-seconds", type=float, default=SOAK_SECONDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found (apt-get install {tool})")
    folder = Path(tempfile.mkdtemp(prefix="manchette-bench-pages-"))
    args.folder = folder
    data = folder / "data"
    data.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "manchette.settings",
        "MANCHETTE_DATA_DIR": str(data),
        "MANCHETTE_RATE_LIMITS": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        # As in production behind a proxy that logs (deploy/systemd/env.example), and as
        # the bench's nginx runs: no line per request.
        "MANCHETTE_ACCESS_LOG": os.environ.get("MANCHETTE_ACCESS_LOG", "0"),
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        # The same database the generator (bench/render.py) writes to.
        "DATABASE_URL": args.postgres or f"sqlite:///{data / 'bench.sqlite3'}",
    }
    for name in ("REDIS_URL", "DATABASE_REPLICA_URL"):
        env.pop(name, None)
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
        env["REDIS_URL"] = args.redis
    try:
        started = time.monotonic()
        setup = SETUP % {"bench": str(Path(__file__).resolve().parent), "sign_in": _server.SIGN_IN}
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                setup,
                str(data),
                args.postgres,
                str(args.articles),
                str(POSTERS),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            sys.exit(f"building the site failed:\n{done.stderr[-3000:]}")
        made = json.loads(done.stdout.strip().splitlines()[-1])
        # The generator picks its own key; sessions it opened are signed with it.
        env["SECRET_KEY"] = made["secret_key"]
        database = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"{args.articles:,} articles on {database}, "
            f"built in {time.monotonic() - started:.0f} s; "
            f"wrk -t2 -c{args.connections} -d{args.duration:g}s; {_server.load_note()}",
            flush=True,
        )
        if args.soak:
            soak(folder, env, made, args)
        else:
            _, memory = run_scenarios(folder, env, made, args)
            print("worker RSS (VmRSS):")
            for line in memory:
                print(f"  {line}")
    finally:
        log = folder / "server.log"
        if log.exists() and (errors := log.read_text(errors="replace").strip()):
            print("server log (last lines):\n" + "\n".join(errors.splitlines()[-15:]))
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
