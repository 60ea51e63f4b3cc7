"""Both counters for the contract tests, and the site's counter for page tests.

The embedded counter never starts its background thread in tests (writes
happen when a test calls `flush`). The Redis one runs against the real
Redis named by REDIS_URL, under a key prefix of its own that is deleted
afterwards; without REDIS_URL its tests skip (and fail in the PostgreSQL
run of CI, which must have Redis).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from manchette.popularity import backends, counting, selectors
from manchette.popularity.backends.base import PopularityBackend
from manchette.popularity.backends.embedded import EmbeddedBackend
from manchette.popularity.backends.redis import RedisBackend
from tests.services import redis_url

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def embedded_backend(db) -> EmbeddedBackend:
    return EmbeddedBackend(flush_seconds=0)


@pytest.fixture
def redis_backend() -> Iterator[RedisBackend]:
    counter = RedisBackend(redis_url(), prefix=f"test:popularity:{uuid.uuid4().hex}:")
    yield counter
    counter.clear()


@pytest.fixture(params=["embedded", "redis"])
def counter(request: pytest.FixtureRequest, db) -> PopularityBackend:
    """Each contract test runs once per backend."""
    chosen: PopularityBackend = request.getfixturevalue(f"{request.param}_backend")
    return chosen


@pytest.fixture
def site_counter(db, monkeypatch: pytest.MonkeyPatch) -> Iterator[PopularityBackend]:
    """The counter pages and the beacon use: the one settings select, isolated per test."""
    if os.environ.get("REDIS_URL"):
        chosen: PopularityBackend = RedisBackend(
            os.environ["REDIS_URL"], prefix=f"test:popularity:{uuid.uuid4().hex}:"
        )
    else:
        chosen = EmbeddedBackend(flush_seconds=0)
    monkeypatch.setattr(backends, "backend", lambda: chosen)
    monkeypatch.setattr(selectors, "REFRESH_IN_BACKGROUND", False)
    selectors.forget_rankings()
    counting.forget_targets()
    yield chosen
    chosen.clear()
    selectors.forget_rankings()
    counting.forget_targets()
