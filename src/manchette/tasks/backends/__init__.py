"""The queue the settings choose: Redis when `REDIS_URL` is set, the database otherwise.

`MANCHETTE_TASK_BACKEND=database` keeps tasks in the database even with Redis.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from manchette.tasks.backends.base import KEEP_SECONDS, Claim, TaskBackend

__all__ = ["KEEP_SECONDS", "Claim", "TaskBackend", "backend"]


@cache
def _backend_for(choice: str, redis_url: str) -> TaskBackend:
    if choice not in {"", "database", "redis"}:
        raise ImproperlyConfigured(
            f"MANCHETTE_TASK_BACKEND={choice!r}: use database, redis or leave it empty"
        )
    if choice == "redis" or (choice == "" and redis_url):
        if not redis_url:
            raise ImproperlyConfigured("MANCHETTE_TASK_BACKEND=redis needs REDIS_URL")
        from manchette.tasks.backends.redis import RedisBackend

        return RedisBackend(redis_url)
    from manchette.tasks.backends.database import DatabaseBackend

    return DatabaseBackend()


def backend() -> TaskBackend:
    """The process's queue, made on first use (never at import time)."""
    return _backend_for(settings.MANCHETTE_TASK_BACKEND, settings.REDIS_URL)
