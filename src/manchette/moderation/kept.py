"""What every comment's checks read and moderators rarely change, kept per process.

Watched words, pre-moderation rules and active sanctions are read on every
post, reply and report, yet change a few times a day. Each process keeps
the last rows it read under the stamp of a tag in the page cache's version
store (a shared memory-mapped file, or Redis), which every process of every
machine sees at once: a moderator's change bumps the tag on commit, and the
next post anywhere reads the rows again. Reading a stamp is a memory load
(or one Redis round trip), not a query.

The stamp is read before the rows: a change committed in between bumps a
stamp newer than the one kept, so the rows are read again next time. With
the page and block caches both off there is no store to stamp against, and
the rows are read every time, as they are while the store is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from redis.exceptions import RedisError

from manchette.pagecache import tags
from manchette.pagecache.cache import tag_versions
from manchette.pagecache.invalidation import invalidate

T = TypeVar("T")

# Names in the version store; none of the page tags look like them.
WORDS = "moderation-words"
SANCTIONS = "moderation-sanctions"
# Rules are matched on section paths, which change with a section's save (the site tag).
RULES = ("moderation-rules", tags.SITE)

_kept: dict[tuple[str, ...], tuple[tuple[int, ...], Any]] = {}


def kept(names: tuple[str, ...], load: Callable[[], T]) -> T:
    """`load()`'s answer, read again only once one of `names` was bumped."""
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


def changed(names: tuple[str, ...], using: str | None = None) -> None:
    """Every process reads these rows again once the current transaction commits."""
    invalidate(names, using=using)


def forget() -> None:
    _kept.clear()


def _on_change(names: tuple[str, ...]) -> Callable[..., None]:
    def receiver(sender: Any, using: str, **kwargs: Any) -> None:
        changed(names, using=using)

    return receiver


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from manchette.moderation.models import PremoderationRule, Sanction, WatchedWord

    for model, names in (
        (WatchedWord, (WORDS,)),
        (PremoderationRule, (RULES[0],)),
        (Sanction, (SANCTIONS,)),
    ):
        receiver = _on_change(names)
        uid = f"manchette.moderation.kept.{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
