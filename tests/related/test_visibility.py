"""Killed, embargoed and other-language articles never show, from the moment they change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from manchette.related.models import Neighbour, Profile
from manchette.related.selectors import read_also
from manchette.wires.dispatch import PubStatus
from tests.factories import later
from tests.related.corpus import applied, publish_all, story

pytestmark = pytest.mark.django_db


def test_a_killed_article_leaves_every_block_at_once(sections, providers):
    articles = publish_all()
    victim = read_also(articles["bce_taux"])[0]
    key = victim.guid.rsplit(":", 1)[1]
    first = story(key, provider=victim.provider.code, minutes=list(articles).index(key))
    applied(later(first, version="2", minutes=5, status=PubStatus.CANCELED))
    assert victim.pk not in {a.pk for a in read_also(articles["bce_taux"])}
    assert not Profile.objects.filter(pk=victim.pk).exists()
    assert not Neighbour.objects.filter(other_id=victim.pk).exists()


def test_a_kill_holds_even_before_the_index_hears_of_it(sections, providers):
    articles = publish_all()
    victim = read_also(articles["bce_taux"])[0]
    type(victim).objects.filter(pk=victim.pk).update(status="killed")  # no announcement
    assert victim.pk not in {a.pk for a in read_also(articles["bce_taux"])}


def test_an_embargoed_article_shows_only_once_its_embargo_lifts(sections, providers):
    articles = publish_all()
    embargoed = applied(
        story(
            "inflation_zone_euro",
            guid="urn:related:embargo",
            headline="Inflation : la Banque centrale européenne publiera ses prévisions",
            embargoed=timezone.now() + timedelta(hours=2),
        )
    )
    assert embargoed.pk not in {a.pk for a in read_also(articles["bce_taux"])}
    assert not Profile.objects.filter(pk=embargoed.pk).exists()
    type(embargoed).objects.filter(pk=embargoed.pk).update(embargoed_until=timezone.now())
    from manchette.related.services import sync

    sync([embargoed.pk])  # what the scheduler's release announcement does
    assert Profile.objects.filter(pk=embargoed.pk).exists()


def test_an_english_article_never_shows_under_a_french_one(sections, providers):
    articles = publish_all()
    english = applied(
        story(
            "bce_taux",
            guid="urn:related:ecb-en",
            language="en",
            headline="European Central Bank raises its key interest rates (Banque centrale)",
            standfirst="Christine Lagarde announced a quarter-point rise to fight inflation.",
            body_html="<p>The European Central Bank raised rates on Thursday.</p>",
        )
    )
    for article in articles.values():
        assert english.pk not in {a.pk for a in read_also(article)}
    assert all(a.language == "en" for a in read_also(english))
