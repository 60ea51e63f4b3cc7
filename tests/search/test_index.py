"""Keeping the index in step: the surfaces listener, deletions, `reindex`, the demo."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from manchette.news.models import Article
from manchette.news.selectors import visible_articles
from manchette.search.backends import backend_for
from manchette.search.services import index_visible
from manchette.wires.dispatch import PubStatus
from tests.factories import apply, dispatch, later

pytestmark = pytest.mark.django_db


def indexed() -> set[int]:
    return backend_for().indexed_ids()


def test_the_listener_indexes_on_commit_only(
    sections, providers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        article = apply(dispatch()).article
    assert article.pk not in indexed()
    for callback in pending:
        callback()
    assert article.pk in indexed()


def test_withheld_then_published_again(sections, providers, django_capture_on_commit_callbacks):
    first = dispatch()
    with django_capture_on_commit_callbacks(execute=True):
        article = apply(first).article
        apply(later(first, version="2", minutes=5, status=PubStatus.WITHHELD))
    assert article.pk not in indexed()
    with django_capture_on_commit_callbacks(execute=True):
        apply(later(first, version="3", minutes=10))
    assert article.pk in indexed()


def test_a_deleted_article_leaves_the_index(
    sections, providers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = apply(dispatch()).article
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).delete()
    assert article.pk not in indexed()


def test_reindex_adds_the_missing_and_drops_the_hidden(
    sections, providers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # nothing reaches the index
        shown = apply(dispatch(guid="urn:a")).article
        hidden = apply(dispatch(guid="urn:b")).article
    backend_for().upsert([])  # an empty batch is fine
    assert index_visible(Article.objects.filter(pk=hidden.pk), backend_for()) == 1
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.KILLED)
    out = StringIO()
    call_command("reindex", "--batch", "1", stdout=out)
    assert indexed() == {shown.pk}
    assert out.getvalue().startswith("Search index: 1 articles indexed, 1 removed (")


def test_the_demo_content_is_indexed_by_its_ingestion(django_capture_on_commit_callbacks):
    from manchette.demo.loader import ingest_demo, load_site

    load_site()
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest_demo().ok
    visible = set(visible_articles().values_list("pk", flat=True))
    assert len(visible) > 50 and indexed() == visible
