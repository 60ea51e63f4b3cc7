"""`manchette related_rebuild` and the migration rebuild the index from what readers may see."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from manchette.news.models import Article
from manchette.related import services
from manchette.related.models import Neighbour, Pending, Posting, Profile, TermCount
from manchette.related.selectors import read_also
from tests.related.corpus import ECONOMY, STORIES, publish_all

pytestmark = pytest.mark.django_db


def _economy_block(article: Article) -> bool:
    keys = [a.guid.rsplit(":", 1)[1] for a in read_also(article)]
    return len(keys) == 4 and all(STORIES[key][0] == ECONOMY for key in keys)


def test_the_command_rebuilds_the_index_without_what_readers_may_not_see(sections, providers):
    articles = publish_all()
    Neighbour.objects.all().delete()
    Posting.objects.all().delete()
    TermCount.objects.all().delete()
    Article.objects.filter(pk=articles["epargne"].pk).update(status="killed")
    out = io.StringIO()
    call_command("related_rebuild", batch=3, stdout=out)
    assert "9 articles indexed, 1 removed" in out.getvalue()
    assert set(Profile.objects.values_list("pk", flat=True)) == {
        a.pk for key, a in articles.items() if key != "epargne"
    }
    assert TermCount.objects.get(term="#").documents == 9
    base = Article.objects.get(pk=articles["bce_taux"].pk)
    assert articles["epargne"].pk not in {a.pk for a in read_also(base)}
    keys = [a.guid.rsplit(":", 1)[1] for a in read_also(base)]
    # The three other economy stories lead (a weakly related world story may follow).
    assert len(keys) >= 3 and all(STORIES[key][0] == ECONOMY for key in keys[:3])


def test_the_migration_queues_the_archive_and_the_queue_fills_the_index(sections, providers):
    import importlib

    articles = publish_all()
    Profile.objects.all().delete()
    Pending.objects.all().delete()
    migration = importlib.import_module("manchette.related.migrations.0002_pending")
    apps = MigrationLoader(connection).project_state(("related", "0002_pending")).apps
    # The function reads only the editor's connection (SQLite refuses a schema editor here).
    migration.queue_archive(apps, SimpleNamespace(connection=connection))
    assert Pending.objects.count() == len(articles)
    assert services.process_all() == len(articles)
    assert Profile.objects.count() == len(articles) and not Pending.objects.exists()
    assert _economy_block(articles["inflation_zone_euro"])


def test_the_pipeline_only_queues_and_the_background_pass_indexes(
    sections, providers, django_capture_on_commit_callbacks
):
    from tests.factories import apply
    from tests.related.corpus import story

    with django_capture_on_commit_callbacks(execute=True):
        article = apply(story("bce_taux")).article
    assert list(Pending.objects.values_list("article_id", flat=True)) == [article.pk]
    assert not Profile.objects.filter(pk=article.pk).exists()
    assert services.process_pending() == [article.pk]
    assert Profile.objects.filter(pk=article.pk).exists() and not Pending.objects.exists()
    assert services.process_pending() == []


def test_an_article_changed_during_the_pass_stays_queued_for_the_next(
    sections, providers, monkeypatch
):
    articles = publish_all()
    first, second = sorted(a.pk for a in articles.values())[:2]
    services.queue([first, second])
    indexing = services.sync

    def changed_meanwhile(ids, store=None):
        indexing(ids, store)
        services.queue([second])  # an update lands while the pass indexes

    monkeypatch.setattr(services, "sync", changed_meanwhile)
    assert sorted(services.process_pending()) == [first, second]
    assert list(Pending.objects.values_list("article_id", flat=True)) == [second]
    monkeypatch.setattr(services, "sync", indexing)
    assert services.process_pending() == [second]
    assert not Pending.objects.exists()


def test_a_first_view_of_a_queued_article_ranks_its_own_block(client, sections, providers):
    articles = publish_all()
    newest = max(articles.values(), key=lambda a: a.pk)
    services.queue([newest.pk])
    Profile.objects.filter(pk=newest.pk).delete()
    page = client.get(newest.get_absolute_url())
    assert page.status_code == 200
    assert Profile.objects.filter(pk=newest.pk).exists() and not Pending.objects.exists()
    assert b'class="read-also"' in page.content


def test_related_rebuild_pending_works_the_queue(sections, providers):
    articles = publish_all()
    services.queue([a.pk for a in articles.values()])
    out = io.StringIO()
    call_command("related_rebuild", "--pending", stdout=out)
    assert f"{len(articles)} queued articles indexed" in out.getvalue()
    assert not Pending.objects.exists()
