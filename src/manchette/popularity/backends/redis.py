"""Counters in Redis: one sorted set per resolution, scope and time bucket.

Every app process writes to the same sets, so counts are shared at once
and nothing is held in a process: a crash loses no counted view. A batch
of views is one script call, which checks each reader key and adds each
counted view to its counters (`ZINCRBY`) inside Redis; each set expires by
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
from collections import Counter
from collections.abc import Sequence
from typing import Any

import redis

from manchette.popularity.backends.base import (
    SEEN_SECONDS,
    PopularityBackend,
    Tally,
    View,
    with_salt,
)
from manchette.popularity.windows import DAY, KEEP, RESOLUTIONS, Window, bucket_of

BATCH = 5_000
"""Views sent per script call: a call blocks Redis while it runs (a few milliseconds)."""

# The script builds its keys from the prefix, so it needs one Redis, not a
# Redis Cluster (whose scripts may only touch the keys they are given). Views
# reach it as lines of text, which Redis parses faster than a client packs one
# argument per value; it sums the batch per counter before incrementing.

_COUNT = """
local prefix, window = ARGV[1], tonumber(ARGV[4])
local resolutions, keeps = {}, {}
for n in string.gmatch(ARGV[2], "%d+") do resolutions[#resolutions + 1] = tonumber(n) end
for n in string.gmatch(ARGV[3], "%d+") do keeps[#keeps + 1] = tonumber(n) end
local scope_sets = {}
for line in string.gmatch(ARGV[5], "([^\\n]*)\\n") do
  local set = {}
  for scope in string.gmatch(line, "([^|]*)|") do set[#set + 1] = scope end
  scope_sets[#scope_sets + 1] = set
end

local increments, expiry, admitted = {}, {}, 0
-- One line per view: reader key, its key under yesterday's salt (or 0), article, time,
-- views, index of its scope set.
local function seen(reader, at)
  local last = tonumber(redis.call("GET", prefix .. "seen:" .. reader))
  return last and last > at - window
end
for reader, previous, article, at, views, set in
    string.gmatch(ARGV[6], "(%-?%d+) (%-?%d+) (%d+) (%d+) (%d+) (%d+)") do
  at = tonumber(at)
  local counts = true
  if window > 0 then
    -- Counted only if this reader key (or, just after midnight, yesterday's) was
    -- not counted in the last `window` seconds of the views' own clock; the
    -- key's TTL merely collects old keys.
    if seen(reader, at) or (previous ~= "0" and seen(previous, at)) then
      counts = false
    else
      redis.call("SET", prefix .. "seen:" .. reader, at, "EX", window)
    end
  end
  if counts then
    admitted = admitted + 1
    views = tonumber(views)
    for r, resolution in ipairs(resolutions) do
      local bucket = at - at % resolution
      for _, scope in ipairs(scope_sets[tonumber(set)]) do
        local key = prefix .. resolution .. ":" .. scope .. ":" .. bucket
        local sums = increments[key]
        if not sums then
          sums = {}
          increments[key] = sums
          expiry[key] = bucket + keeps[r]
        end
        sums[article] = (sums[article] or 0) + views
      end
    end
  end
end
-- One increment per counter, however many of the batch's views it sums.
for key, sums in pairs(increments) do
  for article, views in pairs(sums) do redis.call("ZINCRBY", key, views, article) end
  redis.call("EXPIREAT", key, expiry[key])
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
            self._count = self._client.register_script(_COUNT)
            self._pid = os.getpid()
        return self._client

    def _counter_key(self, resolution: int, scope: str, bucket: int) -> str:
        return f"{self.prefix}{resolution}:{scope}:{bucket}"

    def record(self, views: Sequence[View]) -> None:
        for start in range(0, len(views), BATCH):
            chunk = views[start : start + BATCH]
            self._run(
                [(f"{view.reader} {view.previous}", view) for view in chunk], check_readers=True
            )

    def add(self, tallies: Sequence[Tally]) -> None:
        # Summed per article and finest bucket first: a busy batch then costs
        # Redis one increment per counter, not one per view.
        finest = RESOLUTIONS[0]
        grouped: Counter[tuple[int, tuple[str, ...], int]] = Counter()
        for tally in tallies:
            grouped[(tally.article_id, tally.scopes, tally.at - tally.at % finest)] += tally.views
        summed = [Tally(*cell, views=views) for cell, views in grouped.items()]
        for start in range(0, len(summed), BATCH):
            self._run(
                [("0 0", tally) for tally in summed[start : start + BATCH]], check_readers=False
            )

    def _run(self, batch: list[tuple[str, Tally | View]], *, check_readers: bool) -> None:
        """One script call: the views as lines of text, which Redis parses faster than
        a client sends one argument per value; each begins with its reader keys."""
        if not batch:
            return
        client = self._redis()  # first: it loads the script in a new process
        sets: dict[tuple[str, ...], int] = {}
        lines = []
        for reader, item in batch:
            index = sets.setdefault(item.scopes, len(sets) + 1)
            lines.append(f"{reader} {item.article_id} {item.at} {item.views} {index}")
        self._count(
            args=[
                self.prefix,
                ",".join(map(str, RESOLUTIONS)),
                ",".join(str(KEEP[resolution]) for resolution in RESOLUTIONS),
                SEEN_SECONDS if check_readers else 0,
                "".join("".join(f"{scope}|" for scope in scopes) + "\n" for scopes in sets),
                "\n".join(lines),
            ],
            client=client,
        )

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
            self._salts = with_salt(self._salts, day, salt)
        return salt

    def clear(self) -> None:
        client = self._redis()
        self._salts = {}
        for key in client.scan_iter(match=f"{self.prefix}*", count=1000):
            client.delete(key)


def _rank(row: tuple[int, int]) -> tuple[int, int]:
    article_id, views = row
    return (-views, -article_id)
