"""The block shows what is closest to the article: same subject, fresher first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from manchette.news.models import Article
from manchette.related.selectors import read_also
from tests.factories import BASE_TIME
from tests.related.corpus import ECONOMY, STORIES, publish, publish_all

pytestmark = pytest.mark.django_db


def _economy(key: str) -> bool:
    return STORIES[key][0] == ECONOMY


def test_an_economy_story_is_followed_by_economy_stories(sections, providers):
    articles = publish_all()
    keys = {article.pk: key for key, article in articles.items()}
    block = [keys[a.pk] for a in read_also(articles["bce_taux"])]
    assert len(block) == 4
    assert all(_economy(key) for key in block), block


def test_a_world_story_is_followed_by_stories_on_the_same_names(sections, providers):
    articles = publish_all()
    keys = {article.pk: key for key, article in articles.items()}
    block = [keys[a.pk] for a in read_also(articles["poutine_kim"])]
    assert block[:2] and set(block[:2]) <= {"coree_missile", "onu_sommet", "ukraine_front"}
    assert not any(_economy(key) for key in block[:3]), block


def test_the_article_itself_is_never_in_its_block(sections, providers):
    articles = publish_all()
    for article in articles.values():
        assert article.pk not in {a.pk for a in read_also(article)}


def test_a_new_article_has_its_block_at_once_and_joins_older_blocks(sections, providers):
    articles = publish_all()
    newest = publish(
        "bce_taux",
        guid="urn:related:bce-nouvelle",
        headline="Christine Lagarde défend la hausse des taux de la Banque centrale européenne",
        standfirst="La présidente de la BCE juge l'inflation encore trop forte en zone euro.",
        body_html="<p>Devant le Parlement européen, Christine Lagarde a justifié la politique "
        "de taux d'intérêt élevés, nécessaire selon elle tant que l'inflation dépasse 2 %.</p>",
        minutes=120,
    )
    assert read_also(newest), "a new article gets its block at once"
    assert newest.pk in {a.pk for a in read_also(articles["inflation_zone_euro"])}


@pytest.mark.parametrize(
    "fresh,stale", [("epargne", "inflation_zone_euro"), ("inflation_zone_euro", "epargne")]
)
def test_between_two_about_as_close_stories_the_fresher_comes_first(
    sections, providers, fresh, stale
):
    """Both are about as close to the rate decision; whichever is recent leads."""
    now = (timezone.now() - BASE_TIME) // timedelta(minutes=1)
    base = publish("bce_taux", minutes=now - 60)
    publish(fresh, minutes=now, provider="BMX")
    publish(stale, minutes=now - 60 * 24 * 20, provider="REUTERS")
    for key in ("credit_immobilier", "obligations", "poutine_kim"):
        publish(key, minutes=now - 60 * 24 * 10)
    keys = {a.pk: a.guid.rsplit(":", 1)[1] for a in Article.objects.all()}
    block = [keys[a.pk] for a in read_also(base)]
    assert block.index(fresh) < block.index(stale), block
