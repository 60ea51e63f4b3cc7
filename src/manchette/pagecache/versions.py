"""Tag versions every app process sees at once: a memory-mapped file, or Redis.

A bump takes the next value of one site-wide counter (the *epoch*) and gives
it to each bumped tag. A render notes the epoch before it reads anything; if
one of its tags then carries a larger value, something it read may have
changed under it, and the page is not stored. A stored page keeps the
versions its tags had; it is served only while they are unchanged.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from redis import Redis


class Versions(Protocol):
    def epoch(self) -> int: ...

    def current(self, names: Sequence[str]) -> list[int]: ...

    def bump(self, names: Iterable[str]) -> None: ...

    def reset(self) -> None: ...


_SLOT = struct.Struct("<Q")


class FileVersions:
    """Counters in a shared file: slot 0 is the epoch, each tag hashes to another slot.

    Two tags sharing a slot only make each other's pages expire together.
    Reads are plain memory loads, no system call; bumps, rare, hold a lock.
    """

    SLOTS = 1 << 16

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        size = self.SLOTS * _SLOT.size
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
            self._map = mmap.mmap(fd, size)
        finally:
            os.close(fd)
        self._path = path

    def _slot(self, name: str) -> int:
        return (1 + zlib.crc32(name.encode()) % (self.SLOTS - 1)) * _SLOT.size

    def epoch(self) -> int:
        return int(_SLOT.unpack_from(self._map, 0)[0])

    def current(self, names: Sequence[str]) -> list[int]:
        return [int(_SLOT.unpack_from(self._map, self._slot(name))[0]) for name in names]

    def bump(self, names: Iterable[str]) -> None:
        with self._path.open("rb+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            value = self.epoch() + 1
            for name in names:
                _SLOT.pack_into(self._map, self._slot(name), value)
            # The epoch last: a render that sees it has already seen the tags move.
            _SLOT.pack_into(self._map, 0, value)

    def reset(self) -> None:
        with self._path.open("rb+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._map[:] = bytes(len(self._map))


_BUMP = """
local value = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do redis.call('SET', KEYS[i], value) end
return value
"""


class RedisVersions:
    """The same counters in Redis, shared by the app processes of every machine."""

    def __init__(self, client: Redis[bytes], prefix: str = "manchette:page:") -> None:
        self._client = client
        self._prefix = prefix
        self._epoch_key = prefix + "epoch"
        self._bump = client.register_script(_BUMP)

    def epoch(self) -> int:
        return int(self._client.get(self._epoch_key) or 0)

    def current(self, names: Sequence[str]) -> list[int]:
        if not names:
            return []
        values = self._client.mget([self._prefix + "v:" + name for name in names])
        return [int(value or 0) for value in values]

    def bump(self, names: Iterable[str]) -> None:
        keys = [self._prefix + "v:" + name for name in names]
        self._bump(keys=[self._epoch_key, *keys])

    def reset(self) -> None:
        keys = list(self._client.scan_iter(match=self._prefix + "*", count=1000))
        if keys:
            self._client.delete(*keys)
