"""Tag versions every app process sees at once: a memory-mapped file, or Redis.

A bump takes the next value of one site-wide counter (the *epoch*) and gives
it to each bumped tag. A render notes the epoch before it reads anything; if
one of its tags then carries a larger value, something it read may have
changed under it, and the page is not stored. A stored page keeps the
versions its tags had; it is served only while they are unchanged.

`current()` puts a *generation* first: a random number drawn when the store
starts empty (Redis restarted, the file removed). Counters that start again
from zero could otherwise hand a page stored long ago its old versions back.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import secrets
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from redis import Redis


class Versions(Protocol):
    def epoch(self) -> int: ...

    def current(self, names: Sequence[str]) -> list[int]: ...

    def bump(self, names: Iterable[str]) -> None: ...

    def reset(self) -> None: ...


def unchanged(versions: Versions, names: Sequence[str], kept: tuple[int, ...]) -> bool:
    """Whether what was kept under `kept` (the versions `settled` gave, the generation first)
    may still be used: none of `names` moved since, and the store was not emptied."""
    return moved(versions, names, kept) is None


def moved(versions: Versions, names: Sequence[str], kept: tuple[int, ...]) -> dict[str, int] | None:
    """None when what was kept under `kept` may still be used (see `unchanged`), else each
    of `names` with its version now."""
    current = versions.current(names)
    if tuple(current) == kept:
        return None
    return dict(zip(names, current[1:], strict=True))


def settled(versions: Versions, names: Sequence[str], epoch: int) -> tuple[int, ...] | None:
    """The current versions of `names` (the generation first), to keep what was built from
    them since `epoch`; None when one of them moved past it, so what was read may be stale."""
    current = tuple(versions.current(names))
    if any(version > epoch for version in current[1:]):
        return None
    return current


_SLOT = struct.Struct("<Q")


class FileVersions:
    """Counters in a shared file: slot 0 is the epoch, slot 1 the generation, each tag
    hashes to another slot.

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
        if not self._generation():
            with self._locked():
                if not self._generation():
                    _SLOT.pack_into(self._map, _SLOT.size, _new_generation())

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._path.open("rb+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _generation(self) -> int:
        return int(_SLOT.unpack_from(self._map, _SLOT.size)[0])

    def _slot(self, name: str) -> int:
        return (2 + zlib.crc32(name.encode()) % (self.SLOTS - 2)) * _SLOT.size

    def epoch(self) -> int:
        return int(_SLOT.unpack_from(self._map, 0)[0])

    def current(self, names: Sequence[str]) -> list[int]:
        found = [int(_SLOT.unpack_from(self._map, self._slot(name))[0]) for name in names]
        return [self._generation(), *found]

    def bump(self, names: Iterable[str]) -> None:
        with self._locked():
            value = self.epoch() + 1
            for name in names:
                _SLOT.pack_into(self._map, self._slot(name), value)
            # The epoch last: a render that sees it has already seen the tags move.
            _SLOT.pack_into(self._map, 0, value)

    def reset(self) -> None:
        with self._locked():
            self._map[:] = bytes(len(self._map))
            _SLOT.pack_into(self._map, _SLOT.size, _new_generation())


def _new_generation() -> int:
    return secrets.randbits(63) or 1


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
        self._generation_key = prefix + "generation"
        self._bump = client.register_script(_BUMP)

    def epoch(self) -> int:
        return int(self._client.get(self._epoch_key) or 0)

    def current(self, names: Sequence[str]) -> list[int]:
        keys = [self._generation_key, *(self._prefix + "v:" + name for name in names)]
        generation, *values = self._client.mget(keys)
        if generation is None:
            self._client.set(self._generation_key, _new_generation(), nx=True)
            generation = self._client.get(self._generation_key)
        return [int(generation or 0), *(int(value or 0) for value in values)]

    def bump(self, names: Iterable[str]) -> None:
        keys = [self._prefix + "v:" + name for name in names]
        self._bump(keys=[self._epoch_key, *keys])

    def reset(self) -> None:
        keys = list(self._client.scan_iter(match=self._prefix + "*", count=1000))
        if keys:
            self._client.delete(*keys)
