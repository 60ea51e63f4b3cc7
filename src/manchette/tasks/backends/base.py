"""What a task queue offers the worker, whichever store holds the tasks.

Delivery is at least once: a claimed task is leased to one worker for a
while, renewed as long as that worker lives, and offered again when the
lease runs out. Every write that finishes a task carries the holder's
lease, so a worker that lost its task can no longer complete it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

KEEP_SECONDS = 3600
"""How long finished tasks, their dedup keys and completion records are kept."""


@dataclass(frozen=True, slots=True)
class Claim:
    """A task handed to one worker until `holder`'s lease ends."""

    id: str
    name: str
    args: dict[str, Any] = field(default_factory=dict)
    attempt: int = 1
    holder: str = ""


class TaskBackend(Protocol):
    blocks: bool
    """Whether `claim` itself waits for work (otherwise the worker sleeps between tries)."""

    def enqueue(
        self, name: str, args: Mapping[str, Any], *, dedup_key: str | None = None
    ) -> str | None:
        """Add a task; its id, or None when `dedup_key` was already used (and is still kept)."""

    def claim(
        self, holder: str, *, limit: int, lease_seconds: float, wait_seconds: float
    ) -> list[Claim]:
        """Take up to `limit` tasks for `holder`: ready ones, or those whose lease ran out."""

    def renew(self, claims: Sequence[Claim], *, lease_seconds: float) -> None:
        """Extend the leases still held on these claims."""

    def complete(self, claim: Claim) -> bool:
        """Mark done if still held; False when the lease was lost (another worker has it)."""

    def complete_in_transaction(self, claim: Claim) -> bool:
        """Record completion inside the caller's transaction; False if it must roll back."""

    def completed_before(self, claim: Claim) -> bool:
        """Whether a transactional completion of this task was already committed."""

    def retry(
        self, claim: Claim, *, error: str, delay_seconds: float, lease_seconds: float
    ) -> None:
        """Offer the task again after `delay_seconds` (if still held); `lease_seconds` is
        the workers' lease, which Redis counts the delay against."""

    def fail(self, claim: Claim, *, error: str) -> None:
        """Give the task up for good (if still held), keeping the error for the logs."""

    def prune(self) -> int:
        """Forget what finished more than `KEEP_SECONDS` ago; how many records went."""
