"""The most read articles readers may see, for the block and the listing.

A ranking is read from the backend at most once every `RANKING_SECONDS`
per process and scope (counts change by the second, and summing buckets
is the costly part), with a few spare ids beyond those shown. Which of
them readers may see is checked on every call, so a kill or an embargo
takes the article out of every list at once.
"""

from __future__ import annotations

import threading
import time

from manchette.news.models import Article
from manchette.news.selectors import is_visible
from manchette.popularity import backends
from manchette.popularity.windows import DEFAULT, SITE, Window

BLOCK_SIZE = 5
"""Articles in the block under an article."""
SPARE = 15
"""Ids ranked beyond those shown, standing in for any that were killed or embargoed."""
RANKING_SECONDS = 5.0

_rankings: dict[tuple[str, str, int], tuple[float, list[int]]] = {}
_lock = threading.Lock()


def ranked_ids(*, scope: str, window: Window, limit: int) -> list[int]:
    """Ids of the most read articles, most read first, visible or not (cached briefly)."""
    key = (scope, window.slug, limit)
    clock = time.monotonic()
    cached = _rankings.get(key)
    if cached is not None and cached[0] > clock:
        return cached[1]
    ids = [
        article_id
        for article_id, _ in backends.backend().top(
            scope=scope, window=window, now=int(time.time()), limit=limit
        )
    ]
    with _lock:
        _rankings[key] = (clock + RANKING_SECONDS, ids)
    return ids


def forget_rankings() -> None:
    """Drop the cached rankings (tests, and after the demo plays its views)."""
    with _lock:
        _rankings.clear()


def most_popular(
    *, scope: str = SITE, window: Window = DEFAULT, limit: int = BLOCK_SIZE
) -> list[Article]:
    """The `limit` most read articles of `scope` over `window` that readers may see now.

    Read by id and checked with `is_visible`, the one-article form of
    `visible_articles()`: combined with an id list, the latter's status
    condition can make SQLite scan every published article.
    """
    ids = ranked_ids(scope=scope, window=window, limit=limit + SPARE)
    if not ids:
        return []
    articles = (
        Article.objects.filter(pk__in=ids)
        .select_related("section")
        .only(
            "public_id",
            "slug",
            "headline",
            "language",
            "status",
            "embargoed_until",
            "section__path",
        )
        .in_bulk()
    )
    visible = [articles[i] for i in ids if i in articles and is_visible(articles[i])]
    return visible[:limit]
