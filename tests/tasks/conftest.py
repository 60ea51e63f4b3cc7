"""Both queues for the contract tests: each test runs once per backend.

The Redis queue runs against the real Redis named by REDIS_URL, under a key
prefix of its own deleted afterwards; without REDIS_URL its tests skip (and
fail in the PostgreSQL run of CI, which must have Redis).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from manchette.tasks.backends.base import TaskBackend
from manchette.tasks.backends.database import DatabaseBackend
from tests.services import redis_url


@pytest.fixture
def database_queue() -> DatabaseBackend:
    return DatabaseBackend()


@pytest.fixture
def redis_queue() -> Iterator[TaskBackend]:
    from manchette.tasks.backends.redis import RedisBackend

    queue = RedisBackend(redis_url(), prefix=f"test:tasks:{uuid.uuid4().hex}:")
    yield queue
    queue.clear()


@pytest.fixture(params=["database", "redis"])
def queue(request: pytest.FixtureRequest, db: None) -> TaskBackend:
    # `db` asked for here, not by the backend fixtures: a fixture asked for by name at
    # run time would open the database too late for pytest-django to point it at the
    # test database.
    chosen: TaskBackend = request.getfixturevalue(f"{request.param}_queue")
    return chosen
