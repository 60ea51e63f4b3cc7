"""Counters in the site's database: shared by every worker process of the machine.

One upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`, SQLite 3.35+ and
PostgreSQL) adds to the count and reads it back, with the previous slot's
count, in a single statement: two workers counting at the same moment never
lose a hit, and a check costs one round trip per bucket, no transaction.
"""

from __future__ import annotations

import itertools
import time

from django.db import connection

from manchette.ratelimit.models import Counter

# Expired rows are swept now and then by the process that writes, not by a job.
PURGE_EVERY = 500


class DatabaseStore:
    def __init__(self) -> None:
        self._writes = itertools.count(1)

    def add(self, bucket: str, slot: int, amount: int, ttl: int) -> tuple[int, int]:
        table = connection.ops.quote_name(Counter._meta.db_table)
        expires_at = int(time.time()) + ttl
        # The table name comes from the model, every value is a parameter.
        upsert = (
            f"INSERT INTO {table} (bucket, slot, hits, expires_at) VALUES (%s, %s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (bucket, slot) DO UPDATE SET hits = {table}.hits + excluded.hits, "
            "expires_at = excluded.expires_at "
            f"RETURNING hits, (SELECT p.hits FROM {table} p WHERE p.bucket = %s AND p.slot = %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(upsert, [bucket, slot, amount, expires_at, bucket, slot - 1])
            current, previous = cursor.fetchone()
        if next(self._writes) % PURGE_EVERY == 0:
            Counter.objects.filter(expires_at__lt=int(time.time())).delete()
        return int(previous or 0), int(current)

    def clear(self) -> None:
        Counter.objects.all().delete()
