"""The read-also block of one article: a few indexed reads, whatever the archive's size.

The neighbours were ranked when articles were written; reading adds what
only the moment knows: what readers may see now (kills and embargoes hold
at once), how fresh each story is, the editors' pins and exclusions, and
variety (one article per story, at most `PER_PROVIDER` per agency).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from manchette.news.models import Article, Figure
from manchette.news.selectors import is_visible, visible_q
from manchette.related.index import NEIGHBOURS, SLACK
from manchette.related.models import Neighbour, ReadAlsoChoice

BLOCK_SIZE = 4
PER_PROVIDER = 2
# Freshness lifts a neighbour's score by up to FRESHNESS_BOOST, halving with
# every FRESHNESS_HALF_LIFE_HOURS of age: between two stories about as close
# to the article, the newer is shown, but a weak fresh one never beats a
# strong older one.
FRESHNESS_BOOST = 0.3
FRESHNESS_HALF_LIFE_HOURS = 72.0

_TEASER_RELATIONS = ("provider", "section", "section__parent", "related_profile")


def freshness(published: datetime, now: datetime) -> float:
    hours = max(0.0, (now - published).total_seconds() / 3600)
    return 1.0 + FRESHNESS_BOOST * float(0.5 ** (hours / FRESHNESS_HALF_LIFE_HOURS))


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A neighbour as the choice needs it, before any article is built."""

    pk: int
    score: float
    published_at: datetime
    provider_id: int
    story: int | None
    """The neighbour's story; None when it has no profile (it is then a story of its own)."""
    language: str
    own_story: int
    """The story of the article whose block this is."""


def _story(article: Article) -> int:
    profile = getattr(article, "related_profile", None)
    return profile.story if profile is not None else article.pk


def read_also(article: Article, size: int = BLOCK_SIZE) -> list[Article]:
    """Up to `size` articles to read after `article`, pinned ones first, figures fetched."""
    # Ordered here: the model's ordering would join the article only to sort by it.
    choices = list(
        ReadAlsoChoice.objects.filter(article=article)
        .order_by("position", "id")
        .values_list("other_id", "kind")
    )
    excluded = {other for other, kind in choices if kind == ReadAlsoChoice.Kind.EXCLUDE}
    pinned_ids = [other for other, kind in choices if kind == ReadAlsoChoice.Kind.PIN]
    pinned: list[Article] = []
    if pinned_ids:
        found = {
            a.pk: a
            for a in Article.objects.filter(pk__in=pinned_ids).select_related(*_TEASER_RELATIONS)
        }
        pinned = [found[pk] for pk in pinned_ids if pk in found and is_visible(found[pk])]
    # The candidates as plain values: only the few chosen become articles, read afterwards.
    candidates = [
        _Candidate(*row)
        for row in Neighbour.objects.filter(profile_id=article.pk)
        .filter(visible_q("other__"))
        .order_by("-score")
        .values_list(
            "other_id",
            "score",
            "other__published_at",
            "other__provider_id",
            "other__related_profile__story",
            "other__language",
            "profile__story",
        )[: NEIGHBOURS + SLACK]
    ]
    now = timezone.now()
    candidates.sort(key=lambda c: c.score * freshness(c.published_at, now), reverse=True)

    chosen = pinned[:size]
    stories = {_story(a) for a in chosen}
    per_provider: dict[int, int] = {}
    for pick in chosen:
        per_provider[pick.provider_id] = per_provider.get(pick.provider_id, 0) + 1
    seen = {article.pk, *excluded, *(a.pk for a in chosen)}
    if candidates:  # the article's own story, read with its links
        stories.add(candidates[0].own_story)
    picked: list[int] = []
    for candidate in candidates:
        if len(chosen) + len(picked) >= size:
            break
        story = candidate.story if candidate.story is not None else candidate.pk
        if (
            candidate.pk in seen
            or story in stories
            or per_provider.get(candidate.provider_id, 0) >= PER_PROVIDER
            or candidate.language.split("-")[0].lower() != article.content_language
        ):
            continue
        picked.append(candidate.pk)
        seen.add(candidate.pk)
        stories.add(story)
        per_provider[candidate.provider_id] = per_provider.get(candidate.provider_id, 0) + 1
    if picked:
        found = Article.objects.select_related(*_TEASER_RELATIONS[:3]).in_bulk(picked)
        chosen += [found[pk] for pk in picked if pk in found]
    prefetch_related_objects(
        chosen, Prefetch("figures", queryset=Figure.objects.order_by("position"))
    )
    return chosen
