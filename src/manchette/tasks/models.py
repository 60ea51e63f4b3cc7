"""The database queue, and the record of Redis-delivered tasks completed in a transaction."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Task(models.Model):
    """One enqueued task; the database backend's queue (`backends.database`).

    `available_at` is when a worker may take it: the enqueue time, then the
    end of the current holder's lease, or the time of a retry. A worker that
    dies leaves it to be taken again once its lease runs out.
    """

    name = models.CharField(max_length=100)
    args = models.JSONField(default=dict)
    dedup_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    enqueued_at = models.DateTimeField()
    available_at = models.DateTimeField()
    lease = models.CharField(max_length=64, blank=True, default="")
    """Token of the worker holding it now: completions and renewals carry it."""
    attempts = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)
    error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(
                fields=["available_at", "id"],
                condition=Q(done_at__isnull=True),
                name="tasks_task_waiting",
            ),
            models.Index(
                fields=["done_at"], condition=Q(done_at__isnull=False), name="tasks_task_done"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class Completion(models.Model):
    """A task from the Redis stream whose completion was written with its own effects."""

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
