"""Where counts are kept: Redis when `REDIS_URL` is set, the site's database otherwise."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from manchette.ratelimit.stores.base import Store

__all__ = ["Store", "configured_store"]


@cache
def _store_for(redis_url: str) -> Store:
    if redis_url:
        from manchette.ratelimit.stores.redis import RedisStore

        return RedisStore(redis_url)
    from manchette.ratelimit.stores.database import DatabaseStore

    return DatabaseStore()


def configured_store() -> Store:
    """The store the settings choose, made once per process (chosen lazily, never at import)."""
    return _store_for(settings.REDIS_URL)
