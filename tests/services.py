"""The services a test may need beyond the embedded default."""

from __future__ import annotations

import os

import pytest


def redis_url() -> str:
    """REDIS_URL, or a skip: Redis is tested in the PostgreSQL+Redis run of CI, which fails
    rather than skips when it is missing."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if os.environ.get("MANCHETTE_REQUIRE_SERVICES") == "1" and os.environ.get("DATABASE_URL"):
            pytest.fail("the PostgreSQL run must also set REDIS_URL")
        pytest.skip("REDIS_URL not set: Redis is tested in the PostgreSQL+Redis run")
    return url
