"""What Django itself costs a signed-in POST, beside Manchette's comment POST, in process.

    .venv/bin/python bench/post_floor.py [--posts 200] [--blocks 15] [--postgres URL]

Builds a scratch site (SQLite in a temporary folder, or the PostgreSQL
database `--postgres` names, whose Manchette tables are emptied first): one
article open to comments and fifty signed-in readers, page cache on as in
production. Then it posts through the WSGI entry point and every
middleware, in blocks of `--posts` taken in turn, so that the machine's
moods fall on both alike:

- the floor: a view behind `login_required` that reads one form field,
  inserts it as one row with one statement (into a table made for the run)
  and redirects. That is the session, the reader, the CSRF check, URL
  resolving and the answer: what any signed-in form costs before the site
  does anything;
- the comment: Manchette's comment POST on that article (its form, the
  moderation policy, the insert and its signals, the change told to the
  caches, the redirect to the new comment).

It prints the median CPU time of each POST and the statements each made.

Why: issue 3's load figure (434 comments/s on PostgreSQL with readers'
p99 under 100 ms, 200 readers and 50 commenters on the same two cores)
leaves the app about 1.4 ms of CPU per comment, everything included
(docs/performance.md); this shows how much of that the framework takes.
"""

# ruff: noqa: T201 (a bench prints its table)
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _server  # the bench folder is not a package
import render

READERS = 50
FLOOR_PATH = "/bench-plancher/"


def make_site() -> tuple[str, list[str]]:
    """The comment form's address and the readers' session keys."""
    from django.utils import timezone

    from manchette.news.models import Article, Provider, Section

    provider = Provider.objects.create(code="BENCH", name="Bench", slug="bench")
    section = Section.objects.create(slug="banc", name="Banc", name_en="Bench")
    now = timezone.now()
    article = Article.objects.create(
        provider=provider,
        section=section,
        guid="bench:floor",
        slug="banc-plancher",
        headline="Article de banc",
        standfirst="Un chapô.",
        body_html="<p>Texte.</p>",
        language="fr",
        version="1",
        version_created=now,
        published_at=now,
    )
    scope: dict[str, Any] = {}
    exec(_server.SIGN_IN, scope)  # noqa: S102 - the benches' own helper, kept as text for child processes
    sessions: list[str] = scope["signed_in"]("bench", READERS)
    from django.urls import reverse

    return reverse("comments:post", args=[article.public_id]), sessions


def add_floor_view() -> None:
    from django.contrib.auth.decorators import login_required
    from django.db import connection
    from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
    from django.urls import clear_url_caches, path
    from django.views.decorators.http import require_POST

    from manchette import urls

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute("CREATE TABLE bench_floor (author_id bigint, body text)")

    @login_required
    @require_POST
    def floor(request: HttpRequest) -> HttpResponse:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_floor (author_id, body) VALUES (%s, %s)",
                [request.user.pk, request.POST.get("body", "")],
            )
        return HttpResponseRedirect("/#fin")

    urls.urlpatterns.insert(0, path(FLOOR_PATH.removeprefix("/"), floor))
    clear_url_caches()


class Poster:
    """Form POSTs as the readers' browsers send them, straight into the WSGI entry point."""

    def __init__(self, sessions: list[str]) -> None:
        from django.middleware import csrf

        from manchette.wsgi import application

        self.application = application
        self.sessions = sessions
        self.secret = csrf._get_new_csrf_string()
        self.token = csrf._mask_cipher_secret(self.secret)  # type: ignore[attr-defined] # as a form has it
        self.sent = 0
        self.statuses: set[str] = set()

    def post(self, path: str) -> None:
        self.sent += 1
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "body": f"Commentaire de banc numéro {self.sent}, assez long pour un avis.",
                "tri": "recents",
            }
        ).encode()
        session = self.sessions[self.sent % len(self.sessions)]
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": render.HOST,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": render.HOST,
            "REMOTE_ADDR": render.HOST,
            "HTTP_COOKIE": f"sessionid={session}; csrftoken={self.secret}",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        answer: Iterable[bytes] = self.application(environ, self._start)
        b"".join(answer)
        close: Callable[[], None] | None = getattr(answer, "close", None)
        if close is not None:
            close()  # as a server does: the request's end, its connections given back

    def _start(self, status: str, headers: list[tuple[str, str]], *_: object) -> None:
        self.statuses.add(status.split()[0])


def statements(poster: Poster, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        poster.post(path)
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--posts", type=int, default=200, help="POSTs per block (200)")
    parser.add_argument("--blocks", type=int, default=15, help="blocks of each (15)")
    parser.add_argument("--postgres", help="a PostgreSQL DATABASE_URL (its tables are emptied)")
    options = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="manchette-bench-floor-"))
    render.setup_django(data, options.postgres, page_cache=True)
    if options.postgres:
        render.empty_tables()
    comment_path, sessions = make_site()
    add_floor_view()
    try:
        measure(Poster(sessions), comment_path, options.posts, options.blocks)
    finally:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_floor")


def measure(poster: Poster, comment_path: str, posts: int, blocks: int) -> None:
    kinds = {"floor (Django, one INSERT)": FLOOR_PATH, "comment POST": comment_path}
    for path in kinds.values():
        for _ in range(300):  # warm: each reader's session read once, statements prepared
            poster.post(path)
    if not poster.statuses <= {"302", "303"}:
        sys.exit(f"a POST was not answered by a redirect: {sorted(poster.statuses)}")
    made = {name: statements(poster, path) for name, path in kinds.items()}
    spent: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(blocks):
        for name, path in kinds.items():
            started = time.process_time()
            for _ in range(posts):
                poster.post(path)
            spent[name].append(1000 * (time.process_time() - started) / posts)
    from django.db import connection

    print(f"{connection.vendor}: {blocks} blocks of {posts} POSTs each, in turn, in process")
    print(f"{'POST':<28}{'CPU ms':>8}{'fastest':>9}{'statements':>12}")
    for name, times in spent.items():
        print(f"{name:<28}{statistics.median(times):>8.2f}{min(times):>9.2f}{made[name]:>12}")
    floor, comment = (statistics.median(times) for times in spent.values())
    print(f"The comment adds {comment - floor:.2f} ms to the floor's {floor:.2f}.")


if __name__ == "__main__":
    main()
