"""Two app servers and a worker on PostgreSQL + Redis, on loopback: one site.

A story is ingested (one under embargo), read, commented, moderated and
killed; after each step both app servers serve the same, fresh page.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli import (
    manchette,
    manchette_command,
    manchette_env,
    scratch_database,
    signed_in_reader,
)
from tests.test_faults import post_comment, until
from tests.test_server import _serve, fetch
from tests.wires.test_ingest_command import ninjs, write

REJECT = (
    "from django.contrib.auth import get_user_model;"
    "from manchette.comments.models import Comment;"
    "from manchette.moderation import services;"
    "m = get_user_model().objects.create_superuser('mod@example.org', 'mod@example.org', None,"
    " pseudonym='Modération');"
    "c = Comment.objects.get(body='Le phare clignote encore.');"
    "services.reject(comment=c, moderator=m, reason='Hors sujet.')"
)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[list[str], Path, dict[str, str]]]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "REDIS_URL"
    ):
        pytest.skip("runs in the PostgreSQL + Redis pass")
    data = tmp_path / "site"
    with scratch_database() as database:
        settings = {**database, "REDIS_URL": os.environ["REDIS_URL"]}
        manchette("migrate", "-v", "0", data_dir=data, **settings)
        worker = subprocess.Popen(
            [*manchette_command(), "worker"],
            env=manchette_env(data, **settings),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        first = _serve(data, settings)
        second = _serve(data, settings)
        try:
            sites = [next(first)[0], next(second)[0]]
            yield sites, data, settings
        finally:
            for server in (first, second):
                server.close()
            worker.terminate()
            worker.wait(timeout=20)


def everywhere(sites: list[str], path: str) -> list[tuple[int, str]]:
    answers = []
    for site in sites:
        for _ in range(3):
            status, _, body = fetch(site + path)
            answers.append((status, body.decode()))
    return answers


def test_two_app_servers_and_a_worker_serve_one_fresh_site(cluster, tmp_path):
    sites, data, settings = cluster
    soon = datetime.now(UTC) + timedelta(seconds=4)
    write(tmp_path / "in", "a.json", ninjs("urn:scale:a", 1, 0, "Le phare se rallume"))
    write(
        tmp_path / "in",
        "b.json",
        ninjs("urn:scale:b", 1, 1, "Sous embargo, la marée", embargoed=soon.isoformat()),
    )
    manchette("ingest", str(tmp_path / "in"), data_dir=data, **settings)
    for status, home in everywhere(sites, "/"):
        assert status == 200 and "Le phare se rallume" in home and "Sous embargo" not in home

    # The worker lifts the embargo; both servers show the story on their next view.
    assert until(lambda: all("Sous embargo" in home for _, home in everywhere(sites, "/")), 30)

    found = re.search(r'href="(/[^"]+/actualites/le-phare-se-rallume-[a-z0-9]{10})"', home)
    assert found
    path = found.group(1)
    cookie = signed_in_reader("Pétrel", data_dir=data, reopen_comments=True, **settings)
    assert 300 <= post_comment(sites[0] + path, cookie, "Le phare clignote encore.") < 400
    for status, page in everywhere(sites, path):
        assert status == 200 and "Le phare clignote encore." in page

    manchette("shell", "-c", REJECT, data_dir=data, **settings)
    for _, page in everywhere(sites, path):
        assert "Le phare clignote encore." not in page

    write(
        tmp_path,
        "kill.json",
        ninjs("urn:scale:a", 2, 9, "Le phare se rallume", pubstatus="canceled"),
    )
    manchette("ingest", str(tmp_path / "kill.json"), data_dir=data, **settings)
    assert {status for status, _ in everywhere(sites, path)} == {410}
    assert all("Le phare se rallume" not in home for _, home in everywhere(sites, "/"))
