"""The counter the site uses: Redis when `REDIS_URL` is set, the database otherwise."""

from __future__ import annotations

import functools

from django.conf import settings

from manchette.popularity.backends.base import SEEN_SECONDS, PopularityBackend, Tally, View

__all__ = ["SEEN_SECONDS", "PopularityBackend", "Tally", "View", "backend"]


@functools.cache
def backend() -> PopularityBackend:
    """The process's one backend, made on first use (never at import time)."""
    if settings.REDIS_URL:
        from manchette.popularity.backends.redis import RedisBackend

        return RedisBackend(settings.REDIS_URL)
    from manchette.popularity.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(flush_seconds=settings.MANCHETTE_POPULARITY_FLUSH_SECONDS)
