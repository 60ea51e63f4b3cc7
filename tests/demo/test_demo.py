"""The demo: its corpus, ingested through the real pipeline, and the one command."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from manchette.demo.loader import CONTENT_DIR, ingest_demo, load_site
from manchette.news.models import Article, ArticleVersion, Figure, Provider, Section
from manchette.wires.formats import parse
from manchette.wires.ingest import wire_files


def _corpus():
    return [d for path, _ in wire_files([CONTENT_DIR]) for d in parse(path.read_bytes())]


def test_the_corpus_is_big_and_varied_enough():
    corpus = _corpus()
    stories = {d.guid: d for d in corpus}
    languages = Counter(d.language.split("-")[0] for d in stories.values())
    assert languages["fr"] >= 60 and languages["en"] >= 15
    assert len({d.provider for d in corpus}) >= 3
    assert len(corpus) - len(stories) >= 8, "some stories have updated versions"
    with_pictures = [d for d in stories.values() if d.pictures]
    assert len(with_pictures) >= len(stories) // 2
    bodies = [d.body_html for d in stories.values()]
    assert sum("<h2>" in b for b in bodies) >= 15
    assert sum("<blockquote>" in b for b in bodies) >= 15


def test_the_pictures_are_ours_and_exist():
    for dispatch in _corpus():
        for picture in dispatch.pictures:
            best = picture.best_rendition()
            assert best is not None
            assert (CONTENT_DIR / best.href).is_file(), best.href
            assert picture.caption and picture.credit and picture.alt_text
            assert picture.alt_text != picture.caption


@pytest.mark.django_db
def test_the_corpus_ingests_cleanly_and_looks_live():
    load_site()
    now = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    report = ingest_demo(now=now)
    assert report.ok, report.rejected
    assert not report.warnings, report.warnings
    stories = len({d.guid for d in _corpus()})
    assert Article.objects.count() == stories
    assert ArticleVersion.objects.count() == len(_corpus())
    assert Article.objects.exclude(updated_at=None).count() >= 8
    newest = Article.objects.order_by("-version_created").first()
    assert newest.version_created == now
    assert Article.objects.order_by("published_at").first().published_at > now - timedelta(days=8)
    populated = Section.objects.filter(articles__isnull=False).distinct().count()
    assert populated >= 5
    assert Provider.objects.filter(articles__isnull=False).distinct().count() >= 3
    assert Figure.objects.count() >= stories // 2
    assert Article.objects.filter(section__path="general").count() == 0


@pytest.mark.django_db
def test_the_demo_command_sets_everything_up_and_prints_a_working_login(client):
    out = StringIO()
    call_command("demo", "--no-serve", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    login = re.search(r"user (\S+)\s+password (\S+)", text)
    assert login, text
    assert client.login(username=login.group(1), password=login.group(2))
    assert client.get("/admin/news/article/").status_code == 200
    assert "0 rejected" in text

    again = StringIO()
    call_command("demo", "--no-serve", stdout=again)
    assert re.search(
        r"Demo dispatches: 0 created, 0 updated, \d+ unchanged, 0 rejected", again.getvalue()
    )
