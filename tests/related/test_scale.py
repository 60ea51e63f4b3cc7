"""The rebuild ranks the archive in memory exactly as one article's update ranks it."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connections

from manchette.related import index, services
from manchette.related.index import Store
from manchette.related.models import Neighbour, Posting, Profile
from manchette.related.selectors import read_also
from tests.related.corpus import STORIES, applied, publish_all, story

pytestmark = pytest.mark.django_db


def _copies() -> None:
    _, headline, _, body = STORIES["bce_taux"]
    for n in range(1, 4):
        applied(
            story(
                "bce_taux",
                guid=f"urn:related:bce-scale-{n}",
                headline=f"{headline} (mise à jour {n})",
                body_html=f"<p>{body}</p>" + "<p>Les marchés attendent la suite.</p>" * n,
                minutes=10 + n,
            )
        )


def _stored() -> dict[int, list[tuple[int, float]]]:
    lists: dict[int, list[tuple[int, float]]] = {}
    for profile, other, score in Neighbour.objects.order_by(
        "profile", "-score", "other"
    ).values_list("profile_id", "other_id", "score"):
        lists.setdefault(profile, []).append((other, round(score, 6)))
    return lists


def test_the_rebuild_ranks_as_the_database_does_article_by_article(sections, providers):
    publish_all()
    _copies()
    services.rebuild()
    rebuilt = _stored()
    stories = dict(Profile.objects.values_list("pk", "story"))
    assert len(set(stories.values())) < len(stories)  # the copies joined one story
    store = Store.current()
    for profile in Profile.objects.order_by("pk"):
        story, best = index.rank(store, profile)
        assert story == stories[profile.pk]
        ranked = sorted((m.article_id, round(m.score, 6)) for m in best)
        assert ranked == sorted(rebuilt.get(profile.pk, []))


def test_a_common_term_reads_only_its_strongest_postings(sections, providers, monkeypatch):
    articles = publish_all()
    monkeypatch.setattr(index, "POSTINGS_PER_TERM", 3)
    services.rebuild()
    # The commonest posted term, in most articles' strongest terms.
    common = Counter(Posting.objects.values_list("term", flat=True)).most_common(1)[0]
    assert common[1] > 3
    store = Store.current()
    with connections[store.alias].cursor() as cursor:
        cursor.execute(index.strongest_of_one_term(store), [common[0]])
        read = cursor.fetchall()
    strongest = sorted(Posting.objects.filter(term=common[0]).values_list("weight", flat=True))
    assert sorted(weight for _, _, weight in read) == strongest[-3:]
    # The economy stories still find each other through the words they alone share.
    base = articles["bce_taux"]
    assert {a.pk for a in read_also(base)} <= {
        a.pk for key, a in articles.items() if STORIES[key][0] == STORIES["bce_taux"][0]
    }
