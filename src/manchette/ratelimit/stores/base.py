"""What a counter store does; the limiter's arithmetic is the same for every store."""

from __future__ import annotations

from typing import Protocol


class Store(Protocol):
    def add(self, bucket: str, slot: int, amount: int, ttl: int) -> tuple[int, int]:
        """Add `amount` to `bucket` in `slot`, atomically across processes.

        Returns the count of the slot before it and the new count of this
        one. `ttl` is how many seconds the slot must be remembered from now.
        """
        ...

    def clear(self) -> None:
        """Forget every count (tests, and an operator lifting all limits at once)."""
        ...
