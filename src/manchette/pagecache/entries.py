"""Stored pages and blocks: in each process's memory, and in Redis when processes share it."""

from __future__ import annotations

import gzip
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

import brotli
from redis import Redis

# Content codings, best first. Brotli at quality 3 costs a third of quality 5 on an
# article page for a copy about 5 % bigger: a busy article is compressed again after each
# comment.
_COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda body: brotli.compress(body, quality=3),
    "gzip": lambda body: gzip.compress(body, 6, mtime=0),
}
CODINGS = tuple(_COMPRESSORS)


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    """Everything the page was sent with, ETag and Last-Modified included, but its length."""
    body: bytes
    tags: tuple[str, ...]
    versions: tuple[int, ...]
    etag: str
    last_modified: float
    expires: float
    """Wall-clock time after which the page is rendered again whatever its tags say: what
    no tag follows (the most-read list, comments closing with age) moves on its own."""
    drawn: float = 0.0
    """Wall-clock time its render began (noted its epoch): the latest comment it may lack
    came after it."""
    copies: dict[str, bytes] = field(default_factory=dict)
    """The body compressed, by content coding, each made the first time a reader asks for
    it (b"" when it would not be smaller). The store makes the brotli copy at once."""

    def fresh(self, now: float) -> bool:
        return now < self.expires

    def copy(self, coding: str) -> bytes | None:
        """The body in `coding` (one of `CODINGS`), or None when that is not smaller."""
        data = self.copies.get(coding)
        if data is None:
            # Two threads may both compress a page once; either copy is the same.
            data = _COMPRESSORS[coding](self.body)
            self.copies[coding] = data = data if len(data) < len(self.body) else b""
        return data or None


T = TypeVar("T")


class Expiring(Protocol):
    @property
    def expires(self) -> float: ...


E = TypeVar("E", bound=Expiring)


class LocalEntries(Generic[T]):
    """The most recently used pages (or blocks) of this process, within `capacity` bytes."""

    def __init__(self, capacity: int, size: Callable[[T], int]) -> None:
        self._capacity = capacity
        self._sizer = size
        self._entries: OrderedDict[str, T] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> T | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: T) -> None:
        with self._lock:
            self._drop(key)
            self._entries[key] = entry
            self._size += self._sizer(entry)
            while self._size > self._capacity and len(self._entries) > 1:
                self._drop(next(iter(self._entries)))

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._size -= self._sizer(entry)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


def page_size(entry: Entry) -> int:
    """The page with its copies, counting a second copy made later as big as the first."""
    copies = [len(data) for data in entry.copies.values()]
    return len(entry.body) + sum(copies) + (max(copies) if len(copies) == 1 else 0)


class SharedEntries(Generic[E]):
    """Pages (or blocks) in Redis, so that one render serves every process until its tags
    move. Whoever reads one checks its versions, as for those kept in memory."""

    def __init__(self, client: Redis[bytes], prefix: str, kind: type[E]) -> None:
        self._client = client
        self._prefix = prefix
        self._kind = kind

    def get(self, key: str) -> E | None:
        raw = self._client.get(self._prefix + key)
        if raw is None:
            return None
        try:
            entry = pickle.loads(raw)  # noqa: S301 (written by this code into our own Redis)
        except (pickle.UnpicklingError, AttributeError, TypeError, ValueError, ImportError):
            # Stored by an older release: render it again.
            return None
        return entry if isinstance(entry, self._kind) else None

    def put(self, key: str, entry: E) -> None:
        ttl = max(1, int(entry.expires - time.time()))
        self._client.set(self._prefix + key, pickle.dumps(entry, protocol=5), ex=ttl)
