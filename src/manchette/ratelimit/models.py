"""The embedded store's counters: one row per bucket and time slot."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """How many actions a bucket (a scope and an account or address) took in one slot.

    A slot is a fixed period numbered from the epoch; the limiter weighs the
    previous slot's count to get a sliding window. Rows are written with an
    upsert so several worker processes count into the same row atomically.
    """

    # A keyed hash of scope, rate and who: addresses and e-mails are not stored.
    bucket = models.CharField(max_length=64)
    slot = models.BigIntegerField()
    hits = models.IntegerField(default=0)
    # Epoch seconds after which the row no longer matters and may be purged.
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "slot"], name="ratelimit_counter_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.slot}: {self.hits}"
