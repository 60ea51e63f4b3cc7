"""Counters in Redis: one sorted set per resolution, scope and time bucket.

Every app process writes to the same sets, so counts are shared at once
and nothing is held in a process: a crash loses no counted view. A view
costs one script call for the reader check (batched: one call per batch)
and one pipelined `ZINCRBY` per counter it adds to; each set expires by
itself once no window reads it (`EXPIREAT`), and reader keys expire after
30 minutes, so there is nothing to prune.

Reading a window unions its buckets (`ZUNIONSTORE` into a short-lived key)
and reads the top of the union; equal counts are re-ordered by article id
here, as Redis orders them as text.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

import redis

from manchette.popularity.backends.base import SEEN_SECONDS, PopularityBackend, Tally, View, cells
from manchette.popularity.windows import DAY, KEEP, Window, bucket_of

PIPELINE_SIZE = 10_000
"""Commands sent per round trip."""

# Counts a reader key only if it was not counted in the last `window`
# seconds of the views' own clock; the TTL merely collects old keys.
_ADMIT = """
local window = tonumber(ARGV[1])
local admitted = {}
for i, key in ipairs(KEYS) do
  local at = tonumber(ARGV[i + 1])
  local last = tonumber(redis.call('GET', key))
  if (not last) or last <= at - window then
    redis.call('SET', key, at, 'EX', window)
    admitted[i] = 1
  else
    admitted[i] = 0
  end
end
return admitted
"""


class RedisBackend(PopularityBackend):
    def __init__(self, url: str, *, prefix: str = "manchette:popularity:") -> None:
        self.url = url
        self.prefix = prefix
        self._pid = -1
        self._client: redis.Redis[bytes] | None = None
        self._salts: dict[str, bytes] = {}

    def _redis(self) -> redis.Redis[bytes]:
        # One connection pool per process: a forked worker must not share its parent's sockets.
        if self._client is None or self._pid != os.getpid():
            self._client = redis.Redis.from_url(self.url)
            self._admit = self._client.register_script(_ADMIT)
            self._pid = os.getpid()
        return self._client

    def _counter_key(self, resolution: int, scope: str, bucket: int) -> str:
        return f"{self.prefix}{resolution}:{scope}:{bucket}"

    def record(self, views: Sequence[View]) -> None:
        if not views:
            return
        client = self._redis()
        admitted: list[View] = []
        for start in range(0, len(views), PIPELINE_SIZE):
            chunk = views[start : start + PIPELINE_SIZE]
            flags = self._admit(
                keys=[f"{self.prefix}seen:{view.reader}" for view in chunk],
                args=[SEEN_SECONDS, *(view.at for view in chunk)],
                client=client,
            )
            admitted.extend(view for view, flag in zip(chunk, flags, strict=True) if flag)
        self.add([view.tally() for view in admitted])

    def add(self, tallies: Sequence[Tally]) -> None:
        counts = cells(tallies)
        if not counts:
            return
        expiry: dict[str, int] = {}
        pipe = self._redis().pipeline(transaction=False)
        for (resolution, scope, bucket, article_id), views in counts.items():
            key = self._counter_key(resolution, scope, bucket)
            pipe.zincrby(key, views, article_id)
            expiry[key] = bucket + KEEP[resolution]
            if len(pipe) >= PIPELINE_SIZE:
                pipe.execute()
        for key, when in expiry.items():
            pipe.expireat(key, when)
            if len(pipe) >= PIPELINE_SIZE:
                pipe.execute()
        pipe.execute()

    def flush(self) -> None:
        """Nothing to do: every view is in Redis once `record` returns."""

    def top(self, *, scope: str, window: Window, now: int, limit: int) -> list[tuple[int, int]]:
        if limit <= 0:
            return []
        client = self._redis()
        resolution = window.resolution
        keys = [
            self._counter_key(resolution, scope, bucket)
            for bucket in range(
                window.first_bucket(now), bucket_of(now, resolution) + 1, resolution
            )
        ]
        union = f"{self.prefix}union:{uuid.uuid4().hex}"
        pipe = client.pipeline(transaction=False)
        pipe.zunionstore(union, keys)
        pipe.expire(union, 10)  # removed below; the expiry covers a crash in between
        pipe.zrange(union, limit - 1, limit - 1, desc=True, withscores=True)
        _, _, last = pipe.execute()
        # Every article counted at least as much as the last one kept, ties included.
        floor = last[0][1] if last else "-inf"
        pipe.zrevrangebyscore(union, "+inf", floor, withscores=True)
        pipe.delete(union)
        rows, _ = pipe.execute()
        ranked = sorted(((int(member), int(score)) for member, score in rows), key=_rank)
        return ranked[:limit]

    def prune(self, now: int) -> None:
        """Nothing to do: counters and reader keys expire by themselves."""

    def daily_salt(self, day: str) -> bytes:
        salt = self._salts.get(day)
        if salt is None:
            client = self._redis()
            key = f"{self.prefix}salt:{day}"
            client.set(key, secrets.token_bytes(16), nx=True, ex=2 * DAY)
            stored: Any = client.get(key)
            salt = bytes(stored)
            self._salts = {day: salt}
        return salt

    def clear(self) -> None:
        client = self._redis()
        self._salts = {}
        for key in client.scan_iter(match=f"{self.prefix}*", count=1000):
            client.delete(key)


def _rank(row: tuple[int, int]) -> tuple[int, int]:
    article_id, views = row
    return (-views, -article_id)
