"""The real server, two worker processes: a change made elsewhere is on every worker's next page.

Runs on the embedded default (tag versions in a shared file) and, in the
services run, with Redis (versions and pages shared through it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli import manchette, scratch_database
from tests.test_server import _serve, fetch
from tests.wires.test_ingest_command import ninjs, write

GUID = "urn:cache:a"
# Each worker answers some of these: enough that both answer with near certainty.
ROUNDS = 12


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, str]]]:
    data = tmp_path_factory.mktemp("cached-site")
    inbox = tmp_path_factory.mktemp("cached-inbox")
    write(inbox, "a.json", ninjs(GUID, 1, 0, "La digue tient bon"))
    services = {"REDIS_URL": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}
    with scratch_database() as database:
        settings = {**database, **services}
        manchette("migrate", "-v", "0", data_dir=data, **settings)
        manchette("ingest", str(inbox), data_dir=data, **settings)
        for url, _ in _serve(data, settings):
            yield url, data, settings


def article_url(site: str) -> str:
    _, _, home = fetch(site + "/")
    found = re.search(r'href="(/[^"]+/actualites/la-digue-tient-bon-[a-z0-9]{10})"', home.decode())
    assert found, "the article is linked from the home page"
    return site + found.group(1)


def views(url: str) -> list[tuple[int, str, str]]:
    answers = []
    for _ in range(ROUNDS):
        status, headers, body = fetch(url)
        answers.append((status, headers.get("X-Manchette-Cache", ""), body.decode()))
    return answers


def change(data: Path, settings: dict[str, str], tmp_path: Path, item: dict[str, object]) -> None:
    write(tmp_path, "change.json", item)
    manchette("ingest", str(tmp_path / "change.json"), data_dir=data, **settings)


def test_every_worker_serves_the_change_on_its_next_view(served, tmp_path):
    site, data, settings = served
    url = article_url(site)
    first = views(url)
    assert {status for status, _, _ in first} == {200}
    assert "hit" in {cache for _, cache, _ in first}, "repeated views come from the cache"
    assert len({body for _, _, body in first}) == 1

    change(
        data,
        settings,
        tmp_path,
        ninjs(
            GUID,
            2,
            5,
            "La digue tient bon",
            descriptions=[{"role": "summary", "value": "Les renforts arrivent."}],
        ),
    )
    assert all("Les renforts arrivent." in body for _, _, body in views(url))

    script = (
        "from manchette.comments.models import Comment;"
        "from manchette.news.models import Article;"
        "from django.contrib.auth import get_user_model;"
        "from django.utils import timezone;"
        "a = Article.objects.get(guid='urn:cache:a');"
        "a.published_at = timezone.now(); a.save();"
        "u = get_user_model().objects.create_user('m@example.org', 'm@example.org', None,"
        " pseudonym='Mouette');"
        "Comment.objects.create(article=a, author=u, body='Vu depuis le port.',"
        " status='published', published_at=timezone.now())"
    )
    manchette("shell", "-c", script, data_dir=data, **settings)
    assert all("Vu depuis le port." in body for _, _, body in views(url))

    change(data, settings, tmp_path, ninjs(GUID, 3, 9, "La digue tient bon", pubstatus="canceled"))
    assert {status for status, _, _ in views(url)} == {410}
