"""The most read articles readers may see, for the block and the listing.

A ranking is read from the backend at most once every `RANKING_SECONDS`
per process and scope (counts change by the second, and summing buckets
is the costly part), in the background once there is one to show, with a
few spare ids beyond those shown. Which of
them readers may see is checked on every call, so a kill or an embargo
takes the article out of every list at once.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import DatabaseError, connection
from redis import RedisError

from manchette.news.models import Article
from manchette.news.selectors import is_visible
from manchette.popularity import backends
from manchette.popularity.windows import DEFAULT, SITE, Window

BLOCK_SIZE = 5
"""Articles in the block under an article."""
SPARE = 15
"""Ids ranked beyond those shown, standing in for any that were killed or embargoed."""
RANKING_SECONDS = 5.0

REFRESH_IN_BACKGROUND = True
"""Off in tests, whose database transactions a thread of its own could not see into."""

_rankings: dict[tuple[str, str, int], tuple[float, list[int]]] = {}
_refreshing: set[tuple[str, str, int]] = set()
_lock = threading.Lock()
logger = logging.getLogger(__name__)


def ranked_ids(*, scope: str, window: Window, limit: int) -> list[int]:
    """Ids of the most read articles, most read first, visible or not (cached briefly).

    The first call computes the ranking; later ones get the cached one, and
    once it is older than `RANKING_SECONDS` a background thread computes the
    next while readers still get the previous, so no page waits for a sum
    over thousands of buckets (tens of milliseconds at 10,000 articles).
    """
    key = (scope, window.slug, limit)
    cached = _rankings.get(key)
    if cached is None:
        return _rank(key, scope, window, limit)
    if cached[0] <= time.monotonic():
        # With nothing to show yet, the next ranking is worth waiting for (and cheap).
        if REFRESH_IN_BACKGROUND and cached[1]:
            _rank_later(key, scope, window, limit)
        else:
            return _rank(key, scope, window, limit)
    return cached[1]


def _rank(key: tuple[str, str, int], scope: str, window: Window, limit: int) -> list[int]:
    try:
        ranking = backends.backend().top(
            scope=scope, window=window, now=int(time.time()), limit=limit
        )
    except RedisError:
        # Redis down: the last ranking this process had (or none) until it is back.
        logger.exception("most read: counts unavailable")
        previous = _rankings.get(key)
        ids = previous[1] if previous else []
        with _lock:
            _rankings[key] = (time.monotonic() + RANKING_SECONDS, ids)
        return ids
    ids = [article_id for article_id, _ in ranking]
    with _lock:
        _rankings[key] = (time.monotonic() + RANKING_SECONDS, ids)
    return ids


def _rank_later(key: tuple[str, str, int], scope: str, window: Window, limit: int) -> None:
    with _lock:
        if key in _refreshing:
            return
        _refreshing.add(key)
    threading.Thread(
        target=_rank_in_background, args=(key, scope, window, limit), daemon=True
    ).start()


def _rank_in_background(key: tuple[str, str, int], scope: str, window: Window, limit: int) -> None:
    try:
        _rank(key, scope, window, limit)
    except (DatabaseError, RedisError, OSError):
        # The previous ranking stays in use; the next reader after it expires tries again.
        logger.exception("most-popular ranking not refreshed")
    finally:
        with _lock:
            _refreshing.discard(key)
        connection.close()  # this thread's own


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
    return visible_of(ranked_ids(scope=scope, window=window, limit=limit + SPARE), limit)


def visible_of(ids: list[int], limit: int = BLOCK_SIZE) -> list[Article]:
    """The first `limit` articles of a ranking that readers may see now."""
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
