"""Background work on a task queue: named tasks, claimed and run by `manchette worker`.

`enqueue(name, args)` adds a task; workers claim it with a lease that they
renew while they run it, so a task whose worker dies is run again by
another once the lease runs out (at least once). Tasks declared `atomic`
record their completion in the same transaction as their own writes, so
they complete exactly once; the others must be harmless to run twice. The
queue is the database, or a Redis stream when `REDIS_URL` is set
(`backends`). docs/tasks.md tells the whole story.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def enqueue(
    name: str, args: Mapping[str, Any] | None = None, *, dedup_key: str | None = None
) -> str | None:
    """Queue the task `name` with keyword arguments `args`; its id, or None if `dedup_key`
    was already used by a task still kept (for an hour after it finished).

    On the database queue a task enqueued inside a transaction appears when it
    commits; Redis takes it at once, so enqueue from `transaction.on_commit` when
    the task must see this transaction's writes.
    """
    from manchette.tasks import registry
    from manchette.tasks.backends import backend

    registry.discover()
    if registry.lookup(name) is None:
        raise LookupError(f"no task named {name!r}")
    return backend().enqueue(name, args or {}, dedup_key=dedup_key)
