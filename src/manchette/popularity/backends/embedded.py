"""Counters in the site's own database, written in batches every few seconds.

Each app process keeps the views it receives in memory and a background
thread writes them every `flush_seconds` (5 by default) in one
transaction: first the reader keys, inserted or refreshed only when the
stored one is older than 30 minutes (`INSERT … ON CONFLICT … RETURNING`),
which tells which views count, across every process sharing the database;
then the counters of the views that count, added to their buckets.

What a crash loses: the views a process received since its last write, so
at most the last `flush_seconds` seconds of that process's views (plus the
batch being written, which its transaction either commits whole or not at
all). A process that exits normally writes what it holds first. A batch
that fails to write (database away) is kept and retried with the next one,
up to `MAX_PENDING` views, beyond which new views are dropped.

The thread starts with the first view a process records, so a server that
forks its workers after loading the application gives each worker its own.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing.util
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Sum

from manchette.popularity.backends.base import (
    SEEN_SECONDS,
    Cell,
    PopularityBackend,
    Tally,
    View,
    cells,
    with_salt,
)
from manchette.popularity.models import DailySalt, SeenReader, ViewCount
from manchette.popularity.windows import KEEP, Window

logger = logging.getLogger(__name__)
T = TypeVar("T")

MAX_PENDING = 1_000_000
"""Views and counters held in memory at most while the database does not answer."""
LATE = 15 * 60
"""Seconds a reader key is kept beyond the 30 minutes, for views that reach a flush late."""
PRUNE_SECONDS = 60
"""How often a process deletes old buckets and reader keys, after a write."""


class EmbeddedBackend(PopularityBackend):
    def __init__(self, *, flush_seconds: float, using: str = DEFAULT_DB_ALIAS) -> None:
        self.flush_seconds = flush_seconds
        """Seconds between background writes; 0: only when `flush` is called."""
        self.using = using
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._views: dict[int, View] = {}
        self._cells: Counter[Cell] = Counter()
        self._thread: threading.Thread | None = None
        self._salts: dict[str, bytes] = {}
        self._last_prune = 0.0

    def _this_process(self) -> None:
        # A forked child inherits the parent's memory, lock state included:
        # it starts empty, the parent writes what it held.
        if os.getpid() != self._pid:
            self._reset()

    # ------------------------------------------------------------- writing

    def record(self, views: Sequence[View]) -> None:
        self._this_process()
        with self._lock:
            for view in views:
                if len(self._views) >= MAX_PENDING:
                    break
                # Within a batch the first view of a reader is the one that may count.
                self._views.setdefault(view.reader, view)
        self._ensure_flusher()

    def add(self, tallies: Sequence[Tally]) -> None:
        self._this_process()
        counts = cells(tallies)
        with self._lock:
            self._cells.update(counts)
        self._ensure_flusher()

    def flush(self) -> None:
        self._this_process()
        with self._lock:
            views, self._views = self._views, {}
            counts, self._cells = self._cells, Counter()
        if not views and not counts:
            return
        try:
            with transaction.atomic(using=self.using):
                admitted = self._admit(list(views.values()))
                self._add_to_buckets(counts + cells(admitted))
        except DatabaseError:
            logger.exception("view counts not written; kept for the next attempt")
            self._put_back(views, counts)
            return
        if time.monotonic() - self._last_prune >= PRUNE_SECONDS:
            self.prune(int(time.time()))

    def _put_back(self, views: dict[int, View], counts: Counter[Cell]) -> None:
        with self._lock:
            for reader, view in views.items():
                if len(self._views) >= MAX_PENDING:
                    break
                self._views.setdefault(reader, view)
            if len(self._cells) < MAX_PENDING:
                self._cells.update(counts)

    def _admit(self, views: list[View]) -> list[View]:
        """The views whose reader key was not counted in the last 30 minutes, now marked counted.

        Views just after midnight go second, once yesterday's of this batch are marked:
        each is dropped if the reader's key under yesterday's salt was counted lately.
        """
        counted = self._mark([view for view in views if not view.previous])
        crossing = [view for view in views if view.previous]
        if crossing:
            last = self._last_counted([view.previous for view in crossing])
            counted |= self._mark(
                [
                    view
                    for view in crossing
                    if last.get(view.previous, -SEEN_SECONDS) <= view.at - SEEN_SECONDS
                ]
            )
        return [view for view in views if view.reader in counted]

    def _mark(self, views: list[View]) -> set[int]:
        connection = connections[self.using]
        quote = connection.ops.quote_name
        table = quote(SeenReader._meta.db_table)
        key, at = quote("key"), quote("at")
        counted: set[int] = set()
        with connection.cursor() as cursor:
            for chunk in _chunks(views, _rows_per_statement(connection, 2)):
                rows = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} ({key}, {at}) VALUES {rows} "  # noqa: S608
                    f"ON CONFLICT ({key}) DO UPDATE SET {at} = excluded.{at} "
                    f"WHERE {table}.{at} <= excluded.{at} - %s RETURNING {key}",
                    [value for view in chunk for value in (view.reader, view.at)] + [SEEN_SECONDS],
                )
                counted.update(row[0] for row in cursor.fetchall())
        return counted

    def _last_counted(self, keys: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for chunk in _chunks(keys, _rows_per_statement(connections[self.using], 1)):
            rows = SeenReader.objects.using(self.using).filter(key__in=chunk)
            found.update(rows.values_list("key", "at"))
        return found

    def _add_to_buckets(self, counts: Counter[Cell]) -> None:
        connection = connections[self.using]
        quote = connection.ops.quote_name
        table = quote(ViewCount._meta.db_table)
        columns = [quote(name) for name in ("resolution", "scope", "bucket", "article_id")]
        views = quote("views")
        with connection.cursor() as cursor:
            for chunk in _chunks(list(counts.items()), _rows_per_statement(connection, 5)):
                rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}, {views}) VALUES {rows} "  # noqa: S608
                    f"ON CONFLICT ({', '.join(columns)}) "
                    f"DO UPDATE SET {views} = {table}.{views} + excluded.{views}",
                    [value for cell, count in chunk for value in (*cell, count)],
                )

    def _ensure_flusher(self) -> None:
        if self.flush_seconds <= 0:
            return
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(
                target=self._flush_forever, name="popularity-flush", daemon=True
            )
            self._thread.start()
        atexit.register(self.flush)
        # Server workers that are multiprocessing children (Granian's) leave through
        # os._exit, which skips atexit but runs multiprocessing's finalizers.
        multiprocessing.util.Finalize(self, self.flush, exitpriority=10)

    def _flush_forever(self) -> None:
        while True:
            time.sleep(self.flush_seconds)
            try:
                self.flush()
            except Exception:  # the thread must outlive any one failed batch
                logger.exception("view counts not written")
            finally:
                # The thread's own connection: closed between batches, not left idle.
                connections[self.using].close()

    # ------------------------------------------------------------- reading

    def top(self, *, scope: str, window: Window, now: int, limit: int) -> list[tuple[int, int]]:
        rows = (
            ViewCount.objects.using(self.using)
            .filter(resolution=window.resolution, scope=scope, bucket__gte=window.first_bucket(now))
            .values_list("article_id")
            .annotate(total=Sum("views"))
            .order_by("-total", "-article_id")[:limit]
        )
        return [(article_id, total) for article_id, total in rows]

    # ------------------------------------------------------------- upkeep

    def prune(self, now: int) -> None:
        self._last_prune = time.monotonic()
        counts = ViewCount.objects.using(self.using)
        for resolution, keep in KEEP.items():
            counts.filter(resolution=resolution, bucket__lt=now - keep).delete()
        # Kept a little longer than needed: a view may reach a flush a few minutes late.
        SeenReader.objects.using(self.using).filter(at__lt=now - SEEN_SECONDS - LATE).delete()
        yesterday = (datetime.fromtimestamp(now, UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
        DailySalt.objects.using(self.using).filter(day__lt=yesterday).delete()

    def daily_salt(self, day: str) -> bytes:
        salt = self._salts.get(day)
        if salt is None:
            row, _ = DailySalt.objects.using(self.using).get_or_create(
                day=day, defaults={"salt": os.urandom(16)}
            )
            salt = bytes(row.salt)
            self._salts = with_salt(self._salts, day, salt)
        return salt

    def clear(self) -> None:
        with self._lock:
            self._views, self._cells, self._salts = {}, Counter(), {}
        for model in (ViewCount, SeenReader, DailySalt):
            model.objects.using(self.using).all().delete()


def _rows_per_statement(connection: BaseDatabaseWrapper, columns: int) -> int:
    """As many rows as the database takes parameters for in one statement, up to 2,000."""
    limit = connection.features.max_query_params or 30_000
    if connection.vendor == "sqlite":
        # Django assumes SQLite's historical 999; the library in use says its own limit.
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(2_000, (min(limit, 30_000) - 1) // columns))


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
