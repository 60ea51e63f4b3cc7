"""Rows every request reads and editors rarely change, kept per process under tags' stamps.

Navigation sections, watched words, pre-moderation rules: read on every
page or post, changed a few times a day. Each process keeps the last rows
it read under the stamp of their tags in the version store the page cache
uses (a shared memory-mapped file, or Redis), which every process of every
machine sees at once: a change bumps the tags on commit, and the next read
anywhere loads the rows again. Reading a stamp is a memory load (or one
Redis round trip), not a query.

The stamp is read before the rows: a change committed in between bumps a
stamp newer than the one kept, so the rows are read again next time. With
the page and block caches both off there is no store to stamp against, and
the rows are read every time, as they are while the store is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from redis.exceptions import RedisError

from manchette.pagecache.cache import tag_versions

T = TypeVar("T")

_kept: dict[tuple[str, ...], tuple[tuple[int, ...], Any]] = {}


def stamped(names: tuple[str, ...], load: Callable[[], T]) -> T:
    """`load()`'s answer, loaded again only once one of `names` was bumped.

    The answer is shared by every request of the process: read it, never change it.
    """
    versions = tag_versions()
    if versions is None:
        return load()
    try:
        stamp = tuple(versions.current(names))
    except (RedisError, OSError):  # the store is down: the rows themselves are still there
        return load()
    found = _kept.get(names)
    if found is not None and found[0] == stamp:
        value: T = found[1]
        return value
    value = load()
    _kept[names] = (stamp, value)
    return value


def forget() -> None:
    _kept.clear()
