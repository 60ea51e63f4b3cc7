"""Surfaces with state of their own hear of every change, after it is committed."""

from __future__ import annotations

import pytest

from manchette.news import surfaces
from manchette.wires.dispatch import PubStatus
from tests.factories import apply, dispatch, later

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    changes: list[surfaces.ArticleChange] = []
    surfaces.register(changes.append)
    yield changes
    surfaces.unregister(changes.append)


def test_a_kill_is_announced_as_no_longer_visible(heard, django_capture_on_commit_callbacks):
    first = dispatch()
    with django_capture_on_commit_callbacks(execute=True):
        article = apply(first).article
    with django_capture_on_commit_callbacks(execute=True):
        apply(later(first, version="2", minutes=5, status=PubStatus.CANCELED))
    assert [(c.article_id, c.action, c.visible) for c in heard] == [
        (article.pk, "created", True),
        (article.pk, "updated", False),
    ]


def test_nothing_is_announced_before_commit_or_for_an_unchanged_dispatch(
    heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        apply(dispatch())
    assert heard == [] and pending
    for callback in pending:
        callback()
    assert len(heard) == 1
    with django_capture_on_commit_callbacks(execute=True):
        apply(dispatch())
    assert len(heard) == 1


def test_a_broken_surface_does_not_silence_the_others(heard, django_capture_on_commit_callbacks):
    def broken(change: surfaces.ArticleChange) -> None:
        raise RuntimeError("index down")

    surfaces.register(broken)
    surfaces.register(heard.append)  # already registered: still heard once
    try:
        with django_capture_on_commit_callbacks(execute=True):
            apply(dispatch())
    finally:
        surfaces.unregister(broken)
    assert len(heard) == 1


def test_an_editor_withholding_an_article_in_the_admin_is_announced(
    heard, admin_client, sections, providers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = apply(dispatch()).article
    url = f"/admin/news/article/{article.pk}/change/"
    form = {
        "section": article.section_id,
        "status": "withheld",
        **{
            f"{prefix}-{field}": value
            for prefix in ("figures", "versions", "read_also_choices")
            for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    assert [(c.action, c.visible) for c in heard] == [("created", True), ("edited", False)]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, form)  # nothing changed: nothing to tell
    assert len(heard) == 2
