"""Rows many requests read and editors rarely change, kept per process under tags' stamps.

Navigation sections, watched words, pre-moderation rules, an article being
read: read on every page or post, changed a few times a day. Each process
keeps the last rows it read under the stamp of their tags in the version
store the page cache uses (a shared memory-mapped file, or Redis), which
every process of every machine sees at once: a change bumps the tags on
commit, and the next read anywhere loads the rows again. Reading a stamp is a memory load
(with Redis, the versions each process keeps while Redis tells it of changes), not a query.

Rows are kept only if none of their tags moved while they were read (the
page cache's epoch rule): a change committed meanwhile is never kept under
its new versions. With the page and block caches both off there is no
store to stamp against, and the rows are read every time, as they are
while the store is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from redis.exceptions import RedisError

from manchette.pagecache.cache import tag_versions
from manchette.pagecache.entries import LocalEntries
from manchette.pagecache.versions import settled, unchanged

T = TypeVar("T")


class Stamped(Generic[T]):
    """Answers kept under the versions of their tags, the `capacity` most recently used."""

    def __init__(self, capacity: int) -> None:
        self._kept: LocalEntries[tuple[tuple[str, ...], tuple[int, ...], T]] = LocalEntries(
            capacity, lambda _: 1
        )
        _every.append(self)

    def get(
        self, key: str, load: Callable[[], T], names_of: Callable[[T], tuple[str, ...] | None]
    ) -> T:
        """`load()`'s answer, loaded again once one of its tags (`names_of` it) was bumped;
        an answer with no tags (None) is not kept.

        The answer is shared by every request of the process: read it, never change it.
        """
        versions = tag_versions()
        if versions is None:
            return load()
        try:
            found = self._kept.get(key)
            if found is not None and unchanged(versions, found[0], found[1]):
                return found[2]
            epoch = versions.epoch()
        except (RedisError, OSError):  # the store is down: the rows themselves are still there
            return load()
        value = load()
        names = names_of(value)
        if names is None:
            return value
        try:
            stamp = settled(versions, names, epoch)
        except (RedisError, OSError):
            return value
        if stamp is not None:
            self._kept.put(key, (names, stamp, value))
        return value

    def clear(self) -> None:
        self._kept.clear()


_every: list[Stamped[Any]] = []
_few: Stamped[Any] = Stamped(256)


def stamped(names: tuple[str, ...], load: Callable[[], T]) -> T:
    """`load()`'s answer for rows the whole site shares, loaded again once one of `names`
    was bumped."""
    value: T = _few.get(" ".join(names), load, lambda _: names)
    return value


def forget() -> None:
    for store in _every:
        store.clear()
