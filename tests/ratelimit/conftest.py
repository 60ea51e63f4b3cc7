"""The two counter stores, for tests that every store must pass alike."""

from __future__ import annotations

import pytest

from manchette.ratelimit.stores.database import DatabaseStore
from tests.services import redis_url


@pytest.fixture(params=["database", "redis"])
def store(request):
    if request.param == "database":
        request.getfixturevalue("db")
        return DatabaseStore()
    from manchette.ratelimit.stores.redis import RedisStore

    return RedisStore(redis_url())
