"""Ingest applies dispatches in groups: a few queries each, and no guarantee given up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from manchette.news import services
from manchette.news.models import Article, ArticleVersion, Figure
from manchette.wires.ingest import COMMIT_EVERY, ingest_paths
from tests.factories import jpeg

pytestmark = pytest.mark.django_db

PICTURE = {
    "name": "featuremedia",
    "type": "picture",
    "by": "JEANNE MARTIN",
    "copyrightholder": "HEX",
    "descriptions": [{"role": "caption", "value": "Le port."}],
    "renditions": [{"href": "port.jpg", "width": 1200, "height": 800}],
}


def story(guid: str, version: int = 1, *, picture: bool = True) -> dict[str, object]:
    return {
        "uri": guid,
        "type": "text",
        "version": str(version),
        "versioncreated": f"2026-11-20T10:{version:02d}:00+01:00",
        "pubstatus": "usable",
        "language": "fr",
        "infosources": [{"literal": "HEX"}],
        "headlines": [{"role": "main", "value": f"{guid}, version {version}"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Le corps.</p>"}],
        **({"associations": [PICTURE]} if picture else {}),
    }


def folder_of(root: Path, name: str, *items: dict[str, object]) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "port.jpg").write_bytes(jpeg(1200, 800))
    for index, item in enumerate(items):
        (folder / f"{index:04d}.json").write_text(json.dumps(item), encoding="utf-8")
    return folder


def queries_to_ingest(folder: Path) -> int:
    with CaptureQueriesContext(connection) as captured:
        report = ingest_paths([folder])
    assert report.ok
    return len(captured)


def test_a_new_story_costs_three_queries_however_many_come(tmp_path):
    # Its savepoint, its article row, the savepoint's release: its history row
    # and its figures are written with the rest of its group.
    queries_to_ingest(folder_of(tmp_path, "warm", story("urn:warm")))  # provider, sections
    ten = queries_to_ingest(folder_of(tmp_path, "ten", *(story(f"urn:a{n}") for n in range(10))))
    twenty = queries_to_ingest(
        folder_of(tmp_path, "twenty", *(story(f"urn:b{n}") for n in range(20)))
    )
    assert twenty - ten == 10 * 3
    assert ten <= 10 * 3 + 8
    assert Figure.objects.count() == ArticleVersion.objects.count() == 31


def test_an_update_costs_four_queries(tmp_path):
    queries_to_ingest(folder_of(tmp_path, "v1", *(story(f"urn:a{n}") for n in range(20))))
    ten = queries_to_ingest(folder_of(tmp_path, "ten", *(story(f"urn:a{n}", 2) for n in range(10))))
    twenty = queries_to_ingest(
        folder_of(tmp_path, "twenty", *(story(f"urn:a{n}", 3) for n in range(20)))
    )
    # Savepoint, article update, its old figures deleted, release.
    assert twenty - ten == 10 * 4
    assert Article.objects.filter(version="3").count() == 20


def test_versions_of_one_story_in_one_group_end_in_the_newest_with_its_figures(tmp_path):
    folder = folder_of(
        tmp_path,
        "in",
        story("urn:a", 1),
        story("urn:a", 2, picture=False),
        story("urn:a", 3),
        story("urn:a", 3),  # sent twice
        story("urn:a", 2, picture=False),  # and an old one again
    )
    report = ingest_paths([folder])
    assert report.summary() == "1 created, 2 updated, 2 unchanged, 0 rejected"
    article = Article.objects.get()
    assert article.headline == "urn:a, version 3"
    assert list(article.versions.values_list("version", flat=True)) == ["3", "2", "1"]
    assert [f.caption for f in article.figures.all()] == ["Le port."]


def test_a_group_refused_as_a_whole_is_applied_again_one_by_one(tmp_path, monkeypatch):
    # Rows held back to the end of a group are written together; should the
    # database refuse them, the group is rolled back and applied again one
    # dispatch at a time, each counted once.
    refusals: list[int] = []
    write = services._PendingRows.write

    def refuse_once(self: services._PendingRows) -> None:
        if not refusals:
            refusals.append(len(self.versions))
            raise DatabaseError("value too long for type character varying(300)")
        write(self)

    monkeypatch.setattr(services._PendingRows, "write", refuse_once)
    count = COMMIT_EVERY + 5
    report = ingest_paths([folder_of(tmp_path, "in", *(story(f"urn:a{n}") for n in range(count)))])
    assert refusals == [COMMIT_EVERY]
    assert report.summary() == f"{count} created, 0 updated, 0 unchanged, 0 rejected"
    assert Article.objects.count() == ArticleVersion.objects.count() == count
    assert Figure.objects.count() == count


def test_a_picture_address_named_twice_in_one_group_is_fetched_once(tmp_path, monkeypatch):
    fetched: list[str] = []
    photo = jpeg(1200, 800)

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return photo

    monkeypatch.setattr("manchette.wires.pictures.fetch_picture", fetch)
    remote = {**PICTURE, "renditions": [{"href": "https://photos.example/port.jpg"}]}
    first, second = story("urn:a", 1), story("urn:a", 2)
    first["associations"] = second["associations"] = [remote]
    report = ingest_paths([folder_of(tmp_path, "in", first, second)])
    assert report.summary() == "1 created, 1 updated, 0 unchanged, 0 rejected"
    assert fetched == ["https://photos.example/port.jpg"]
    [figure] = Article.objects.get().figures.all()
    assert (figure.source_href, figure.width) == ("https://photos.example/port.jpg", 1200)
