"""The one interface both search indexes implement, and the ranking they share.

What an index holds. A copy of what readers may see, kept by
`services.sync` after every committed change: an article is in the index
while `visible_articles()` has it (never before its embargo lifts, never
once killed or withheld), with its publication time, section and provider
beside its text so that ranking and filtering read the index alone. The
articles of a results page are then re-read and re-checked with the
news app's visibility rule, so an index that missed a change can make a
page one result shorter, never show a hidden story.

Ranking. relevance × freshness, where

    freshness = 1 + H / (H + age in hours),  H = FRESHNESS_HOURS = 48

so a story published now counts double, one two days old 1.5 times, one a
week old 1.22, a year old 1.005: recent news wins among comparable matches,
yet a clearly better old match still beats a weak new one. Relevance is
bm25 on SQLite and ts_rank_cd on PostgreSQL, each weighting the headline
above the standfirst above the body (10 : 4 : 1). Equal scores fall back to
the newer story, then the higher id, so pages are stable.

Very common words. bm25 costs a few microseconds per matching article, so
a query matching more than RANK_WINDOW articles ranks only the RANK_WINDOW
most recently added of them (highest ids: wires arrive in publication
order) and says "more than RANK_WINDOW results". Among that many matches of
a common word, an older story would need twice the relevance of every newer
one to reach the first page anyway, and no reader pages through 150 pages.
At 100,000 articles on SQLite this keeps the slowest queries under 40 ms,
where ranking every match of "plus" would take about 100 ms.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from django.db.backends.base.base import BaseDatabaseWrapper

from manchette.search.query import Query

FRESHNESS_HOURS = 48.0
RANK_WINDOW = 3_000

SQLValue: TypeAlias = int | float | str | datetime | list[int] | None
"""A query parameter, as the database cursors take them."""


@dataclass(frozen=True, slots=True)
class Document:
    """What is indexed of one article: plain text in its language, and what filters read."""

    article_id: int
    language: str
    headline: str
    standfirst: str
    body: str
    published: datetime
    section_id: int
    provider_id: int


@dataclass(frozen=True, slots=True)
class IndexFilters:
    """The reader's filters, as the index stores them."""

    section_ids: tuple[int, ...] | None = None
    """A section and every section below it; None: any section."""
    provider_id: int | None = None
    since: datetime | None = None
    """Published at or after."""
    until: datetime | None = None
    """Published before."""


@dataclass(frozen=True, slots=True)
class Hits:
    ids: list[int]
    """The requested slice of results, best first."""
    total: int
    """How many articles match, counted up to `window` + 1 (then: "more than")."""
    window: int = RANK_WINDOW
    """How many matches were ranked at most."""

    @property
    def more(self) -> bool:
        """More articles match than were ranked."""
        return self.total > self.window


class SearchBackend(abc.ABC):
    """A full-text index living in the site's own database."""

    window = RANK_WINDOW
    """Matches ranked at most (a class attribute, so a test can make it small)."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    @abc.abstractmethod
    def upsert(self, documents: Sequence[Document]) -> None:
        """Index these documents, replacing what was indexed for the same articles."""

    @abc.abstractmethod
    def remove(self, article_ids: Iterable[int]) -> None:
        """Forget these articles (unknown ids are ignored)."""

    @abc.abstractmethod
    def optimize(self) -> None:
        """Compact the index after a rebuild (queries are faster; nothing else changes)."""

    @abc.abstractmethod
    def indexed_ids(self) -> set[int]:
        """Every article id the index holds."""

    @abc.abstractmethod
    def search(
        self, query: Query, filters: IndexFilters, *, now: datetime, limit: int, offset: int
    ) -> Hits:
        """Ids of the indexed articles matching every word of `query`, best first."""


def freshness(age_hours: float) -> float:
    """The boost the SQL of each backend computes, in Python for tests and readers."""
    return 1.0 + FRESHNESS_HOURS / (FRESHNESS_HOURS + max(0.0, age_hours))
