"""One story shows once, whoever sent it and however often; no agency fills the block."""

from __future__ import annotations

import pytest

from manchette.related.models import Profile
from manchette.related.selectors import read_also
from tests.related.corpus import STORIES, applied, publish, publish_all, story

pytestmark = pytest.mark.django_db


def test_versions_under_new_ids_and_agency_copies_count_as_one_story(sections, providers):
    articles = publish_all()
    _, headline, _, body = STORIES["bce_taux"]
    copies = [
        # Five updates of the story, each sent as a new dispatch with a longer text.
        applied(
            story(
                "bce_taux",
                guid=f"urn:related:bce-update-{n}",
                provider="AFP",
                headline=f"{headline} (mise à jour {n})",
                body_html=f"<p>{body}</p>" + "<p>Les marchés attendent la suite.</p>" * n,
                minutes=10 + n,
            )
        )
        for n in range(1, 6)
    ]
    copies.append(  # another agency's near-copy of the same dispatch
        applied(
            story(
                "bce_taux",
                guid="urn:related:bce-reuters",
                provider="REUTERS",
                headline="La BCE relève ses taux directeurs face à l'inflation",
                body_html=f"<p>{body.replace('jeudi', 'ce jeudi')}</p>",
                minutes=30,
            )
        )
    )
    same_story = {articles["bce_taux"].pk, *(copy.pk for copy in copies)}
    assert len(set(Profile.objects.filter(pk__in=same_story).values_list("story", flat=True))) == 1
    for key in ("inflation_zone_euro", "credit_immobilier", "obligations", "epargne"):
        block = {a.pk for a in read_also(articles[key])}
        assert len(block & same_story) <= 1, key
    assert not {a.pk for a in read_also(copies[-1])} & same_story


def test_at_most_two_articles_from_one_provider(sections, providers):
    publish_all(provider="AFP")
    publish(
        "obligations",
        guid="urn:related:other-bonds",
        provider="BMX",
        headline="Les investisseurs boudent les obligations d'État",
        body_html="<p>Les taux des emprunts d'État montent encore.</p>",
    )
    for article in Profile.objects.all():
        block = read_also(article.article)
        providers_seen = [a.provider_id for a in block]
        assert all(providers_seen.count(p) <= 2 for p in providers_seen)
    bce = next(p.article for p in Profile.objects.all() if "Banque centrale" in p.article.headline)
    assert len(read_also(bce)) == 3, "two from AFP, then the only other agency's"
