"""The contract both counters keep: the same cases, run on the embedded and the Redis one."""

from __future__ import annotations

import random
import time
import zlib
from collections import Counter

import pytest

from manchette.popularity.backends.base import SEEN_SECONDS, Tally, View
from manchette.popularity.backends.embedded import EmbeddedBackend
from manchette.popularity.backends.redis import RedisBackend
from manchette.popularity.windows import BY_SLUG, DAY, HOUR, MINUTE, SITE

NOW = int(time.time())  # Redis expires keys on its own clock: counts live near the real now
WEEK = BY_SLUG["7j"]
DAY_WINDOW = BY_SLUG["24h"]
HOUR_WINDOW = BY_SLUG["1h"]


def view(reader: str, article: int, at: int = NOW, scopes: tuple[str, ...] = (SITE,)) -> View:
    """A view by a reader named in the test (keys are 64-bit numbers)."""
    return View(reader=zlib.crc32(reader.encode()), article_id=article, scopes=scopes, at=at)


def top(counter, window=DAY_WINDOW, scope=SITE, limit=5, now=NOW):
    counter.flush()
    return counter.top(scope=scope, window=window, now=now, limit=limit)


def test_views_rank_articles_most_read_first(counter):
    # A reader key names its article too (see readers.reader_key): one per reader and article.
    counter.record([view(f"r{n}:1", 1) for n in range(3)] + [view(f"r{n}:2", 2) for n in range(5)])
    counter.record([view("r9", 3)])
    assert top(counter) == [(2, 5), (1, 3), (3, 1)]
    assert top(counter, limit=2) == [(2, 5), (1, 3)]


def test_a_reader_counts_once_per_article_in_thirty_minutes(counter):
    counter.record([view("alice", 1, NOW - 40 * MINUTE)])
    counter.record([view("alice", 1, NOW - 40 * MINUTE + 10), view("alice", 1, NOW - 20 * MINUTE)])
    counter.flush()
    counter.record([view("alice", 1, NOW - 11 * MINUTE)])
    assert top(counter) == [(1, 1)]
    counter.record([view("alice", 1, NOW - 40 * MINUTE + SEEN_SECONDS)])
    assert top(counter) == [(1, 2)], "thirty minutes after the counted view, it counts again"


def after_midnight(reader: str, article: int, at: int) -> View:
    """A view in a day's first half hour: today's key, and yesterday's as `previous`."""
    today, yesterday = view(f"{reader}/today", article, at), view(f"{reader}/yesterday", article)
    return View(today.reader, article, today.scopes, at, previous=yesterday.reader)


def test_a_reader_counted_before_midnight_is_not_counted_again_just_after(counter):
    # Times a little over half an hour back: kept by the embedded pruning (which runs on
    # the real clock), and never after NOW, since a window reads the buckets up to now.
    counter.record([view("alice/yesterday", 1, NOW - 32 * MINUTE)])
    counter.flush()
    counter.record([after_midnight("alice", 1, NOW - 20 * MINUTE)])
    assert top(counter) == [(1, 1)]
    # Both in one batch: yesterday's view is marked before today's is checked.
    counter.record([view("bob/yesterday", 2, NOW - 9 * MINUTE), after_midnight("bob", 2, NOW - 5)])
    assert top(counter) == [(2, 1), (1, 1)]  # equal counts: the newer article first
    counter.record([after_midnight("alice", 1, NOW - 32 * MINUTE + SEEN_SECONDS)])
    assert top(counter) == [(1, 2), (2, 1)], "thirty minutes after the counted view, it counts"


def test_the_reader_check_holds_across_batches_and_processes(counter):
    """A view flushed by one process is seen by the check of a view another one holds."""
    counter.record([view("bob", 7, NOW - 60)])
    counter.flush()
    counter.record([view("bob", 7, NOW - 30)])
    counter.flush()
    assert top(counter) == [(7, 1)]


def test_equal_counts_list_the_newer_article_first(counter):
    counter.add([Tally(4, (SITE,), NOW), Tally(12, (SITE,), NOW), Tally(9, (SITE,), NOW)])
    counter.add([Tally(30, (SITE,), NOW, views=5)])
    assert top(counter, limit=3) == [(30, 5), (12, 1), (9, 1)]


def test_windows_count_the_last_hour_day_and_week(counter):
    counter.add(
        [
            Tally(1, (SITE,), NOW - 5 * MINUTE, views=2),
            Tally(2, (SITE,), NOW - 3 * HOUR, views=5),
            Tally(3, (SITE,), NOW - 3 * DAY, views=9),
            Tally(4, (SITE,), NOW - 10 * DAY, views=20),
        ]
    )
    assert top(counter, HOUR_WINDOW) == [(1, 2)]
    assert top(counter, DAY_WINDOW) == [(2, 5), (1, 2)]
    assert top(counter, WEEK) == [(3, 9), (2, 5), (1, 2)]


def test_sections_rank_their_own_articles_and_their_subsections(counter):
    economy, companies = "economie", "economie/entreprises"
    counter.add(
        [
            Tally(1, (SITE, "monde"), NOW, views=9),
            Tally(2, (SITE, economy), NOW, views=3),
            Tally(3, (SITE, economy, companies), NOW, views=4),
        ]
    )
    assert top(counter) == [(1, 9), (3, 4), (2, 3)]
    assert top(counter, scope=economy) == [(3, 4), (2, 3)]
    assert top(counter, scope=companies) == [(3, 4)]
    assert top(counter, scope="sport") == []


def test_pruning_keeps_what_the_windows_read(counter):
    counter.add([Tally(1, (SITE,), NOW - 2 * HOUR), Tally(2, (SITE,), NOW - 5 * DAY)])
    counter.flush()
    counter.prune(NOW)
    assert top(counter, WEEK) == [(2, 1), (1, 1)]
    assert top(counter, HOUR_WINDOW) == []


def test_the_daily_salt_is_stable_within_a_day_and_changes_with_it(counter):
    today = counter.daily_salt("2026-11-28")
    assert len(today) == 16
    assert counter.daily_salt("2026-11-28") == today
    assert counter.daily_salt("2026-11-29") != today


def twin_of(counter):
    """Another backend on the same store: what another app process would hold."""
    if isinstance(counter, RedisBackend):
        return RedisBackend(counter.url, prefix=counter.prefix)
    return EmbeddedBackend(flush_seconds=0)


def test_a_second_process_shares_the_salt_and_the_counts(counter):
    twin = twin_of(counter)
    assert twin.daily_salt("2026-11-28") == counter.daily_salt("2026-11-28")
    counter.record([view("carol", 5)])
    counter.flush()
    twin.record([view("carol", 5), view("dave", 5)])
    assert top(twin) == [(5, 2)]
    assert top(counter) == [(5, 2)]


@pytest.mark.slow
def test_a_million_zipf_views_rank_the_top_five_exactly(counter):
    """1,000,000 views of 10,000 articles, Zipf-distributed, over the last ten minutes.

    Fed one view at a time through the batch door in four batches, as a
    busy process would hand them over between two writes; the top five and
    their order must match exact counts (equal counts may swap).
    """
    rng = random.Random(20261128)  # noqa: S311
    articles = list(range(1, 10_001))
    weights = [1 / rank**1.1 for rank in range(1, 10_001)]
    rng.shuffle(articles)  # popularity unrelated to id
    stream = rng.choices(articles, weights=weights, k=1_000_000)
    exact = Counter(stream)
    scopes = {article: (SITE, f"s{article % 10}") for article in articles}
    for start in range(0, len(stream), 250_000):
        counter.add(
            [
                Tally(article, scopes[article], NOW - 600 + (start + i) % 600)
                for i, article in enumerate(stream[start : start + 250_000])
            ]
        )
    ranked = top(counter, DAY_WINDOW, limit=5)
    expected = exact.most_common()
    assert [views for _, views in ranked] == [views for _, views in expected[:5]]
    for article, views in ranked:
        assert exact[article] == views
    assert top(counter, HOUR_WINDOW, limit=5) == ranked
    section = [(a, v) for a, v in expected if a % 10 == 3][:5]
    assert [v for _, v in top(counter, scope="s3")] == [v for _, v in section]
