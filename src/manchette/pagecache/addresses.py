"""Which addresses each tag's pages live at, for telling a reverse proxy what to refresh.

Kept only when purging is configured (`MANCHETTE_PURGE_URLS`): in Redis at
scale, in a small SQLite file beside the tag versions otherwise.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from redis import Redis


class Addresses(Protocol):
    def remember(self, path: str, tags: Iterable[str]) -> None: ...

    def of(self, tags: Iterable[str]) -> set[str]: ...


class RedisAddresses:
    def __init__(self, client: Redis[bytes], lifetime: int, prefix: str = "manchette:page:at:"):
        self._client = client
        self._lifetime = lifetime
        self._prefix = prefix

    def remember(self, path: str, tags: Iterable[str]) -> None:
        with self._client.pipeline(transaction=False) as pipe:
            for tag in tags:
                pipe.sadd(self._prefix + tag, path)
                pipe.expire(self._prefix + tag, self._lifetime)
            pipe.execute()

    def of(self, tags: Iterable[str]) -> set[str]:
        keys = [self._prefix + tag for tag in tags]
        if not keys:
            return set()
        members = self._client.sunion(keys)
        return {m.decode() if isinstance(m, bytes) else str(m) for m in members}


class FileAddresses:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()
        with self._connection() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS address (tag TEXT, path TEXT, PRIMARY KEY (tag, path))"
                " WITHOUT ROWID"
            )

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            self._local.db = db
        return db

    def remember(self, path: str, tags: Iterable[str]) -> None:
        self._connection().executemany(
            "INSERT OR IGNORE INTO address (tag, path) VALUES (?, ?)", [(t, path) for t in tags]
        )

    def of(self, tags: Iterable[str]) -> set[str]:
        wanted = list(tags)
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        rows = self._connection().execute(
            f"SELECT DISTINCT path FROM address WHERE tag IN ({marks})",  # noqa: S608 (marks only)
            wanted,
        )
        return {row[0] for row in rows}
