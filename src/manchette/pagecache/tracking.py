"""Redis tag versions that each process keeps, until Redis says they moved.

Reading versions from Redis costs a round trip on every cache hit: more than
the rest of the hit. Redis can instead tell a connection when a key it cares
about changes (client-side caching, `CLIENT TRACKING`): in broadcasting mode
every write under our prefixes sends the names written to that connection,
whoever wrote them and whatever this process read.

Each process holds one such connection (RESP2, subscribed to its own
invalidation channel, so it works on every Redis since 6.0) and, before any
use of a kept value, reads whatever Redis has sent on it without waiting. A
bump is answered only after Redis queued its notice to every tracking
connection in the same turn of its event loop, so a request that reaches
another process after the bump was answered finds the notice there.

Where no notice can be trusted (no connection yet, the connection lost, a
different process after fork) the versions are read from Redis as before
and nothing is kept: a notice missed while disconnected must not leave a
stale version behind. A connection can also die without a word (a network
that drops packets, a Redis host that lost power): the process pings on it
while it serves, trusts what it kept only while the last answer is under a
second old, and gives the connection up when a ping goes unanswered.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from redis import ConnectionPool, Redis, RedisError

from manchette.pagecache.versions import RedisVersions

logger = logging.getLogger(__name__)

_CHANNEL = "__redis__:invalidate"
_RETRY_AFTER = 1.0
_PING_EVERY = 0.5
_TRUSTED_FOR = 1.0
# Versions kept at most (some 100 bytes each): past it they are all dropped and read again,
# a few round trips, rather than growing with every tag a large archive ever showed.
MAX_KEPT = 100_000


class TrackedVersions:
    """`RedisVersions` read from this process's memory while Redis keeps it told."""

    def __init__(self, client: Redis[bytes], url: str, prefix: str = "manchette:page:") -> None:
        self._remote = RedisVersions(client, prefix)
        self._url = url
        self._epoch_key = prefix + "epoch"
        self._generation_key = prefix + "generation"
        self._tag_prefix = prefix + "v:"
        # The stored pages share the prefix but not these: their writes are not our notices.
        self._tracked = (self._epoch_key, self._generation_key, self._tag_prefix)
        self._known: dict[bytes, int] = {}
        self._lock = threading.Lock()
        self._channel: Any = None
        self._pid = 0
        self._retry_at = 0.0
        self._answered_at = 0.0
        self._ping_sent_at = 0.0
        # Counts what may have made a value stale; a read that crossed one is not kept.
        self._moves = 0

    def epoch(self) -> int:
        key = self._epoch_key.encode()
        with self._lock:
            live = self._listen()
            if live and key in self._known:
                return self._known[key]
            seen = self._moves
        value = self._remote.epoch()
        if live:
            self._keep(seen, {key: value})
        return value

    def current(self, names: Sequence[str]) -> list[int]:
        keys = [self._generation_key.encode(), *((self._tag_prefix + n).encode() for n in names)]
        with self._lock:
            live = self._listen()
            if live:
                known = self._known
                found = [known.get(key) for key in keys]
                if None not in found:
                    return found  # type: ignore[return-value]
            seen = self._moves
        values = self._remote.current(names)
        if live:
            self._keep(seen, dict(zip(keys, values, strict=True)))
        return values

    def bump(self, names: Iterable[str]) -> None:
        names = list(names)
        self._remote.bump(names)
        # Our own notice may still be on its way; the next request here must not wait for it.
        with self._lock:
            self._moves += 1
            self._known.pop(self._epoch_key.encode(), None)
            for name in names:
                self._known.pop((self._tag_prefix + name).encode(), None)

    def reset(self) -> None:
        self._remote.reset()
        with self._lock:
            self._forget_all()

    def close(self) -> None:
        with self._lock:
            self._drop_channel()

    def _keep(self, seen: int, values: dict[bytes, int]) -> None:
        with self._lock:
            if self._moves == seen and self._channel is not None:
                if len(self._known) + len(values) > MAX_KEPT:
                    self._known.clear()
                self._known.update(values)

    def _listen(self) -> bool:
        """Apply every notice received so far; False when none can be trusted."""
        if self._pid != os.getpid():
            # A connection inherited across fork is the parent's: never read it here.
            self._channel = None
            self._forget_all()
            self._pid = os.getpid()
        if self._channel is None and not self._open():
            return False
        channel = self._channel
        try:
            while channel.can_read(timeout=0):
                self._apply(channel.read_response())
            now = time.monotonic()
            if self._ping_sent_at and now - self._ping_sent_at > _TRUSTED_FOR:
                raise TimeoutError("no answer to a ping on the notices' connection")
            if not self._ping_sent_at and now - self._answered_at > _PING_EVERY:
                channel.send_command("PING")
                self._ping_sent_at = now
        except (RedisError, OSError):
            logger.warning("lost Redis's notices of tag versions; reading them from Redis")
            self._drop_channel()
            return False
        # Everything Redis sent before its last answer has been read, in order.
        return now - self._answered_at <= _TRUSTED_FOR

    def _apply(self, message: Any) -> None:
        if isinstance(message, list) and message and message[0] == b"pong":
            self._ping_sent_at = 0.0
            self._answered_at = time.monotonic()
            return
        if not isinstance(message, list) or len(message) != 3 or message[0] != b"message":
            return
        self._moves += 1
        keys = message[2]
        if keys is None:
            # FLUSHDB, FLUSHALL or keys evicted in bulk: everything may have moved.
            self._known.clear()
            return
        for key in keys:
            self._known.pop(key, None)

    def _open(self) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        pool = ConnectionPool.from_url(
            self._url, protocol=2, socket_timeout=2, socket_connect_timeout=2
        )
        channel = pool.make_connection()
        try:
            channel.connect()
            # Named for whoever reads CLIENT LIST (and for the tests that cut it).
            channel.send_command("CLIENT", "SETNAME", f"manchette-versions-{os.getpid()}")
            channel.read_response()
            channel.send_command("CLIENT", "ID")
            own_id = channel.read_response()
            prefixes = [part for key in self._tracked for part in ("PREFIX", key)]
            channel.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", *prefixes)
            channel.read_response()
            channel.send_command("SUBSCRIBE", _CHANNEL)
            channel.read_response()
        except (RedisError, OSError):
            channel.disconnect()
            self._retry_at = time.monotonic() + _RETRY_AFTER
            return False
        # Whatever was kept before may have moved unnoticed while nobody listened.
        self._forget_all()
        self._channel = channel
        self._answered_at = time.monotonic()
        self._ping_sent_at = 0.0
        return True

    def _drop_channel(self) -> None:
        if self._channel is not None:
            self._channel.disconnect()
            self._channel = None
        self._forget_all()
        self._retry_at = time.monotonic() + _RETRY_AFTER

    def _forget_all(self) -> None:
        self._moves += 1
        self._known.clear()
