"""The one interface both counters implement, and what they count.

A `View` is one reader's page view: an opaque reader key (a salted hash,
never an address), the article, the scopes it counts in and when. A
backend counts a view only if the same reader key was not counted for the
same article in the last `SEEN_SECONDS`; the key already names the
article, so the test is on the key alone. The salt of the key changes at
midnight (UTC), so during a day's first `SEEN_SECONDS` a view also carries
the same reader's key under the previous day's salt (`previous`): a reader
counted at 23:50 is not counted again at 00:10.

A `Tally` is views already deduplicated: `add` takes them in bulk. The
beacon goes through `record`; `add` is the batch door for replays, the
accuracy test and the benchmark, and is what `record` ends in.
"""

from __future__ import annotations

import abc
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from manchette.popularity.windows import RESOLUTIONS, Window, bucket_of

SEEN_SECONDS = 30 * 60
"""A reader counts once per article in this many seconds."""

Cell: TypeAlias = tuple[int, str, int, int]
"""(resolution, scope, bucket start, article id): one counter."""


@dataclass(frozen=True, slots=True)
class Tally:
    article_id: int
    scopes: tuple[str, ...]
    at: int
    """Unix seconds."""
    views: int = 1


@dataclass(frozen=True, slots=True)
class View:
    reader: int
    """The reader's key for this article today: a hash, see `readers.reader_key`."""
    article_id: int
    scopes: tuple[str, ...]
    at: int
    previous: int = 0
    """The reader's key under the previous day's salt, early in a day; else 0."""

    @property
    def views(self) -> int:
        return 1

    def tally(self) -> Tally:
        return Tally(self.article_id, self.scopes, self.at)


def cells(tallies: Iterable[Tally | View]) -> Counter[Cell]:
    """The counters a batch of tallies adds to, summed: one entry per bucket and article.

    Views are first summed per article and finest bucket (every resolution
    is a multiple of the finest), so a busy batch expands each article once
    per bucket rather than once per view.
    """
    finest = RESOLUTIONS[0]
    grouped: Counter[tuple[int, tuple[str, ...], int]] = Counter()
    for tally in tallies:
        grouped[(tally.article_id, tally.scopes, tally.at - tally.at % finest)] += tally.views
    counts: Counter[Cell] = Counter()
    for (article_id, scopes, at), views in grouped.items():
        for resolution in RESOLUTIONS:
            bucket = bucket_of(at, resolution)
            for scope in scopes:
                counts[(resolution, scope, bucket, article_id)] += views
    return counts


def with_salt(kept: dict[str, bytes], day: str, salt: bytes) -> dict[str, bytes]:
    """A process's salts once `day`'s is read: that one and the one before it.

    Today's is read for every view, yesterday's during a day's first minutes
    (see `View.previous`); older ones are never needed again.
    """
    return {**dict(list(kept.items())[-1:]), day: salt}


class PopularityBackend(abc.ABC):
    """Time-bucketed view counters, per article and scope."""

    @abc.abstractmethod
    def record(self, views: Sequence[View]) -> None:
        """Count these views, each unless its reader was counted in the last 30 minutes."""

    @abc.abstractmethod
    def add(self, tallies: Sequence[Tally]) -> None:
        """Count these views as they are, with no reader check (replays, tests, benchmarks)."""

    @abc.abstractmethod
    def flush(self) -> None:
        """Make every view recorded so far count in `top` (a no-op where counts are immediate)."""

    @abc.abstractmethod
    def top(self, *, scope: str, window: Window, now: int, limit: int) -> list[tuple[int, int]]:
        """(article id, views) of the most read articles, most read first.

        Equal counts list the higher article id (the newer story) first.
        """

    @abc.abstractmethod
    def prune(self, now: int) -> None:
        """Forget buckets no window reads any more and reader keys older than 30 minutes."""

    @abc.abstractmethod
    def daily_salt(self, day: str) -> bytes:
        """The random salt of this UTC day (`YYYY-MM-DD`), the same in every process.

        Made on first use and forgotten after the next day, so a reader key
        cannot be recomputed or linked to another day's once the day is over.
        """

    @abc.abstractmethod
    def clear(self) -> None:
        """Forget every count, reader key and salt (tests and the demo's fresh start)."""
