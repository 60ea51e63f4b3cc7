"""A read replica: what may be a little behind reads from it, the rest from the primary.

The replica here is a copy of the primary taken before a second story was
ingested, so which database answered shows on the page.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from tests.cli import manchette, scratch_database, signed_in_reader
from tests.test_server import _serve, fetch
from tests.wires.test_ingest_command import ninjs, write


def _copy(database: dict[str, str], data: Path) -> Iterator[str]:
    """A snapshot of the primary as it is now, as a database URL."""
    url = database.get("DATABASE_URL", "")
    if not url:
        copy = data / "replica.sqlite3"
        with sqlite3.connect(data / "manchette.sqlite3") as source, sqlite3.connect(copy) as target:
            source.backup(target)
        yield f"sqlite:///{copy}"
        return
    import psycopg

    primary = urlparse(url).path.lstrip("/")
    name = f"manchette_replica_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{primary}"')
    try:
        yield urlunparse(urlparse(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The served site and the session cookie of a reader who signed in before the copy."""
    data = tmp_path_factory.mktemp("replicated")
    inbox = tmp_path_factory.mktemp("replica-inbox")
    write(inbox, "old.json", ninjs("urn:replica:old", 1, 0, "La marée monte doucement"))
    write(inbox / "later", "new.json", ninjs("urn:replica:new", 1, 5, "Le phare se rallume"))
    with scratch_database() as database:
        manchette("migrate", "-v", "0", data_dir=data, **database)
        manchette("ingest", str(inbox / "old.json"), data_dir=data, **database)
        session = signed_in_reader("Sterne", data_dir=data, **database)
        for replica in _copy(database, data):
            manchette("ingest", str(inbox / "later"), data_dir=data, **database)
            settings = {**database, "DATABASE_REPLICA_URL": replica}
            for url, _ in _serve(data, settings):
                yield url, session


def fetch_as(url: str, cookie: str) -> str:
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.read().decode())


def test_anonymous_pages_are_built_from_the_primary(site):
    url, _ = site
    _, _, home = fetch(url + "/")
    assert "Le phare se rallume" in home.decode() and "La marée monte" in home.decode()


def test_a_signed_in_readers_pages_read_the_replica(site):
    url, session = site
    home = fetch_as(url + "/", f"sessionid={session}")
    assert "Mon compte" in home  # signed in: the session was read (from the replica)
    assert "La marée monte" in home and "Le phare se rallume" not in home


def test_a_reader_who_just_wrote_reads_the_primary(site):
    import urllib.request

    url, session = site
    request = urllib.request.Request(
        url + "/contraste",
        data=b"contraste=high",
        method="POST",
        headers={"Cookie": f"sessionid={session}"},
    )

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(Keep)
    try:
        opener.open(request, timeout=10)
    except urllib.error.HTTPError as answer:
        cookies = answer.headers.get_all("Set-Cookie") or []
    wrote = next(c.split(";")[0] for c in cookies if c.startswith("manchette_ecrit="))
    home = fetch_as(url + "/", f"sessionid={session}; {wrote}")
    assert "Le phare se rallume" in home
