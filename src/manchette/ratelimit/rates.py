"""How many actions a period allows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rate:
    """`limit` actions per `seconds`, counted over a sliding window of that length."""

    limit: int
    seconds: int

    def __post_init__(self) -> None:
        if self.limit < 1 or self.seconds < 1:
            raise ValueError(f"a rate needs a positive limit and period, not {self}")

    def __str__(self) -> str:
        return f"{self.limit}/{self.seconds}s"
