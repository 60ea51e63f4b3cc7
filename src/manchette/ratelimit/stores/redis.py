"""Counters in Redis, for sites served by several machines (`REDIS_URL`)."""

from __future__ import annotations

from typing import Any

import redis

PREFIX = "manchette:ratelimit:"

# Add, refresh the expiry and read the previous slot in one atomic step.
_ADD = """
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
local previous = redis.call('GET', KEYS[2]) or 0
return {tonumber(previous), current}
"""


class RedisStore:
    def __init__(self, url: str) -> None:
        self._client: redis.Redis[bytes] = redis.Redis.from_url(url)
        self._add: Any = self._client.register_script(_ADD)

    def add(self, bucket: str, slot: int, amount: int, ttl: int) -> tuple[int, int]:
        keys = [f"{PREFIX}{bucket}:{slot}", f"{PREFIX}{bucket}:{slot - 1}"]
        previous, current = self._add(keys=keys, args=[amount, ttl])
        return int(previous), int(current)

    def clear(self) -> None:
        for key in self._client.scan_iter(match=f"{PREFIX}*", count=500):
            self._client.delete(key)
