"""The cache: in-process by default, Redis when REDIS_URL is set (the scale-out setup)."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import cache


def test_the_configured_cache_round_trips():
    key = f"test:{uuid.uuid4()}"
    cache.set(key, {"headline": "Économie"}, 30)
    assert cache.get(key) == {"headline": "Économie"}
    cache.delete(key)
    assert cache.get(key) is None


def test_redis_is_used_when_configured(settings):
    if not os.environ.get("REDIS_URL"):
        if os.environ.get("MANCHETTE_REQUIRE_SERVICES") == "1" and os.environ.get("DATABASE_URL"):
            pytest.fail("the PostgreSQL run must also set REDIS_URL")
        pytest.skip("REDIS_URL not set: this run uses the embedded cache")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    import redis

    key = f"test:{uuid.uuid4()}"
    cache.set(key, "value", 30)
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert any(k.decode().endswith(key) for k in raw.scan_iter(match=f"*{key}"))
    cache.delete(key)
