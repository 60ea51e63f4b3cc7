"""`manchette related_rebuild` and the migration rebuild the index from what readers may see."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from manchette.news.models import Article
from manchette.related import services
from manchette.related.index import Store
from manchette.related.models import Neighbour, Posting, Profile, TermCount
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


def test_the_migration_fills_the_index_with_its_own_models(sections, providers):
    articles = publish_all()
    Profile.objects.all().delete()
    apps = MigrationLoader(connection).project_state(("related", "0002_fill")).apps
    alias = connection.alias
    services.rebuild(
        apps.get_model("news", "Article").objects.using(alias).all(),
        Store.historical(apps, alias),
    )
    assert Profile.objects.count() == len(articles)
    assert _economy_block(articles["inflation_zone_euro"])
