"""Counting one page view: the real path the beacon and the demo both take."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from manchette.news.models import Article
from manchette.popularity import backends
from manchette.popularity.backends import View
from manchette.popularity.readers import Reader, reader_key
from manchette.popularity.windows import DAY, scopes_of


@dataclass(frozen=True, slots=True)
class Target:
    """What counting needs of an article: its id and where its views count."""

    article_id: int
    scopes: tuple[str, ...]


_TARGETS_KEPT = 8192
_targets: dict[str, Target] = {}


def target_of(public_id: str) -> Target | None:
    """The article a beacon names, looked up once per process.

    An article keeps its id and, nearly always, its section: a move to
    another section counts in the old one until the process restarts.
    """
    target = _targets.get(public_id)
    if target is None:
        row = Article.objects.filter(public_id=public_id).values_list("pk", "section__path").first()
        if row is None:
            return None
        if len(_targets) >= _TARGETS_KEPT:
            _targets.clear()
        target = _targets[public_id] = Target(article_id=row[0], scopes=scopes_of(row[1]))
    return target


def forget_targets() -> None:
    _targets.clear()


def now() -> int:
    """The counting clock, in Unix seconds (a test may move it)."""
    return int(time.time())


def count_view(reader: Reader, target: Target, *, at: int | None = None) -> bool:
    """Hand one view to the backend unless it comes from a robot or a prefetch.

    Returns whether the view was handed on; the backend still drops it if
    the same reader was counted for this article in the last 30 minutes.
    """
    if not reader.countable:
        return False
    moment = now() if at is None else at
    counter = backends.backend()

    def key_on(day: int) -> int:
        salt = counter.daily_salt(datetime.fromtimestamp(day, UTC).strftime("%Y-%m-%d"))
        return reader_key(salt=salt, reader=reader, article_id=target.article_id)

    # Just after midnight the reader's key is new; yesterday's may have been counted.
    previous = key_on(moment - DAY) if moment % DAY < backends.SEEN_SECONDS else 0
    counter.record([View(key_on(moment), target.article_id, target.scopes, moment, previous)])
    return True
