"""Tasks as rows of the site's database: SQLite on one machine, PostgreSQL at scale.

Workers claim with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so two
of them never wait on, nor take, the same rows. SQLite has no row locks:
its writing transactions start IMMEDIATE (settings), one at a time, which
makes the read-then-lease step just as exclusive.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from manchette.tasks.backends.base import KEEP_SECONDS, Claim
from manchette.tasks.models import Task


class DatabaseBackend:
    blocks = False

    def enqueue(
        self, name: str, args: Mapping[str, Any], *, dedup_key: str | None = None
    ) -> str | None:
        now = timezone.now()
        try:
            with transaction.atomic():
                task = Task.objects.create(
                    name=name,
                    args=dict(args),
                    dedup_key=dedup_key,
                    enqueued_at=now,
                    available_at=now,
                )
        except IntegrityError:  # the only unique column besides the id
            return None
        return str(task.pk)

    def claim(
        self, holder: str, *, limit: int, lease_seconds: float, wait_seconds: float
    ) -> list[Claim]:
        now = timezone.now()
        # Each claim gets a token of its own: a worker that takes back a task it
        # had lost must not be able to finish it under the old lease.
        token = uuid.uuid4().hex
        with transaction.atomic():
            ready = (
                Task.objects.filter(done_at__isnull=True, available_at__lte=now)
                .order_by("available_at", "id")
                .select_for_update(skip_locked=True)
            )
            ids = list(ready.values_list("pk", flat=True)[:limit])
            if not ids:
                return []
            Task.objects.filter(pk__in=ids).update(
                lease=token,
                available_at=now + timedelta(seconds=lease_seconds),
                attempts=F("attempts") + 1,
            )
            rows = list(Task.objects.filter(pk__in=ids).order_by("available_at", "id"))
        return [Claim(str(row.pk), row.name, dict(row.args), row.attempts, token) for row in rows]

    def renew(self, claims: Sequence[Claim], *, lease_seconds: float) -> None:
        if not claims:
            return
        until = timezone.now() + timedelta(seconds=lease_seconds)
        self._held(*claims).update(available_at=until)

    def complete(self, claim: Claim) -> bool:
        return bool(self._held(claim).update(done_at=timezone.now(), lease="", error=""))

    def complete_in_transaction(self, claim: Claim) -> bool:
        # The same conditional update, inside the task's own transaction: the
        # task's writes and its completion commit together or not at all.
        return self.complete(claim)

    def completed_before(self, claim: Claim) -> bool:
        # Finished rows are never claimed, so a claim is never of a completed task.
        return False

    def retry(
        self, claim: Claim, *, error: str, delay_seconds: float, lease_seconds: float
    ) -> None:
        self._held(claim).update(
            available_at=timezone.now() + timedelta(seconds=delay_seconds), lease="", error=error
        )

    def fail(self, claim: Claim, *, error: str) -> None:
        self._held(claim).update(done_at=timezone.now(), failed=True, lease="", error=error)

    def prune(self) -> int:
        cutoff = timezone.now() - timedelta(seconds=KEEP_SECONDS)
        deleted, _ = Task.objects.filter(done_at__lt=cutoff).delete()
        return deleted

    @staticmethod
    def _held(*claims: Claim) -> QuerySet[Task]:
        return Task.objects.filter(
            pk__in=[int(claim.id) for claim in claims],
            lease__in=[claim.holder for claim in claims],
            done_at__isnull=True,
        )
