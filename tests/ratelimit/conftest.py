"""The two counter stores, for tests that every store must pass alike."""

from __future__ import annotations

import os

import pytest

from manchette.ratelimit.stores.database import DatabaseStore


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if os.environ.get("MANCHETTE_REQUIRE_SERVICES") == "1" and os.environ.get("DATABASE_URL"):
            pytest.fail("the PostgreSQL run must also set REDIS_URL")
        pytest.skip("REDIS_URL not set: the Redis store is tested in the PostgreSQL+Redis run")
    return url


@pytest.fixture(params=["database", "redis"])
def store(request):
    if request.param == "database":
        request.getfixturevalue("db")
        return DatabaseStore()
    from manchette.ratelimit.stores.redis import RedisStore

    return RedisStore(redis_url())
