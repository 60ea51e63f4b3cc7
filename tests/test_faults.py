"""The real server through outages of Redis and PostgreSQL: degraded, never down for good.

Each service is reached through a relay the test cuts and restores (tests/faults.py),
as a crash and a restart would. Run in the PostgreSQL + Redis pass.
"""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

import pytest
import redis

from tests.cli import manchette, scratch_database, signed_in_reader
from tests.faults import Relay
from tests.test_server import _serve, fetch
from tests.wires.test_ingest_command import ninjs, write

REDIS_DB = 13  # flushed below, as a restart would: a database no other test uses


def needs(variable: str, scheme: str) -> str:
    value = os.environ.get(variable, "")
    if not value.startswith(scheme):
        pytest.skip(f"{variable} not set: this outage is tested in the PostgreSQL + Redis run")
    return value


def until(condition: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def from_cache(url: str) -> bool:
    return fetch(url)[1].get("X-Manchette-Cache") == "hit"


def answers(url: str, status: int) -> bool:
    return fetch(url)[0] == status


def article_url(site: str, slug: str) -> str:
    _, _, home = fetch(site + "/")
    found = re.search(rf'href="(/[^"]+/actualites/{slug}-[a-z0-9]{{10}})"', home.decode())
    assert found
    return site + found.group(1)


@pytest.fixture
def redis_outage(tmp_path: Path) -> Iterator[tuple[str, Relay, Path, dict[str, str]]]:
    url = urlparse(needs("REDIS_URL", "redis://"))
    relay = Relay((url.hostname or "127.0.0.1", url.port or 6379))
    direct = urlunparse(url._replace(path=f"/{REDIS_DB}"))
    redis.Redis.from_url(direct).flushdb()
    data = tmp_path / "site"
    write(tmp_path / "in", "a.json", ninjs("urn:fault:a", 1, 0, "Le vent forcit"))
    with scratch_database() as database:
        settings = {**database, "REDIS_URL": direct}
        manchette("migrate", "-v", "0", data_dir=data, **settings)
        manchette("ingest", str(tmp_path / "in"), data_dir=data, **settings)
        served = {**settings, "REDIS_URL": f"redis://127.0.0.1:{relay.port}/{REDIS_DB}"}
        try:
            for site, _ in _serve(data, served):
                yield site, relay, data, settings
        finally:
            relay.cut()


def test_a_redis_restart_degrades_the_site_then_it_recovers(redis_outage, tmp_path):
    site, relay, data, settings = redis_outage
    url = article_url(site, "le-vent-forcit")
    assert until(partial(from_cache, url))
    beacon = re.search(r'data-beacon="([^"]+)"', fetch(url)[2].decode())
    assert beacon, "the page carries its view beacon"

    relay.cut()
    redis.Redis.from_url(settings["REDIS_URL"]).flushdb()  # a restart keeps nothing
    # Meanwhile the story is updated: saved in the database, though no page can be told.
    write(
        tmp_path,
        "v2.json",
        ninjs(
            "urn:fault:a",
            2,
            5,
            "Le vent forcit",
            descriptions=[{"role": "summary", "value": "Rafales à 120."}],
        ),
    )
    manchette("ingest", str(tmp_path / "v2.json"), data_dir=data, **settings)
    for _ in range(5):
        status, headers, body = fetch(url)
        assert status == 200 and headers.get("X-Manchette-Cache") == "bypass"
        assert "Rafales à 120." in body.decode()
    assert fetch(site + "/")[0] == 200
    counted = urllib.request.Request(site + beacon.group(1), data=b"", method="POST")
    with urllib.request.urlopen(counted, timeout=10) as answer:
        assert answer.status == 204

    relay.restore()
    assert until(partial(from_cache, url))
    assert "Rafales à 120." in fetch(url)[2].decode()


def post_comment(url: str, session: str, text: str) -> int:
    page_request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(page_request, timeout=10) as page:
        html = page.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", ""))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    action = re.search(r'class="comment-form" method="post" action="([^"]+)"', html)
    assert token and action and csrf_cookie
    origin = url.split("/", 3)
    post = urllib.request.Request(
        f"{origin[0]}//{origin[2]}{action.group(1)}",
        data=urlencode({"csrfmiddlewaretoken": token.group(1), "body": text}).encode(),
        headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf_cookie.group(1)}",
            "Referer": url,
        },
        method="POST",
    )

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(Stay).open(post, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as answer:
        return answer.code


def test_a_postgres_restart_answers_503_then_recovers_with_nothing_lost(tmp_path):
    database_url = urlparse(needs("DATABASE_URL", "postgres"))
    shared = {"REDIS_URL": needs("REDIS_URL", "redis://")}  # stored pages, for every worker
    relay = Relay((database_url.hostname or "127.0.0.1", database_url.port or 5432))
    data = tmp_path / "site"
    write(tmp_path / "in", "a.json", ninjs("urn:fault:b", 1, 0, "La pluie cesse"))
    with scratch_database() as database:
        manchette("migrate", "-v", "0", data_dir=data, **database)
        manchette("ingest", str(tmp_path / "in"), data_dir=data, **database)
        cookie = signed_in_reader("Goéland", data_dir=data, reopen_comments=True, **database)
        direct = urlparse(database["DATABASE_URL"])
        through = urlunparse(direct._replace(netloc=f"{direct.username}@127.0.0.1:{relay.port}"))
        try:
            for site, _ in _serve(data, {"DATABASE_URL": through, **shared}):
                url = article_url(site, "la-pluie-cesse")
                statuses = [
                    post_comment(url, cookie, f"Avis numéro {n} avant la panne.") for n in range(5)
                ]
                assert all(300 <= status < 400 for status in statuses), statuses
                assert until(partial(from_cache, url))

                relay.cut()
                status, headers, body = fetch(site + "/recherche?q=pluie")
                assert status == 503 and headers["Retry-After"]
                assert "Service momentanément indisponible" in body.decode()
                assert fetch(url)[0] == 200, "stored pages are still served"

                relay.restore()
                assert until(partial(answers, site + "/recherche?q=pluie", 200))
        finally:
            relay.cut()
        count = manchette(
            "shell",
            "-c",
            "from manchette.comments.models import Comment;"
            "print(Comment.objects.filter(body__endswith='avant la panne.').count())",
            data_dir=data,
            **database,
        )
        assert count.stdout.strip().splitlines()[-1] == "5"
