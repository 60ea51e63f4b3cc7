"""`manchette related_rebuild`: compute the read-also index again from `visible_articles()`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from manchette.related.models import Pending
from manchette.related.services import BATCH_SIZE, process_all, rebuild


class Command(BaseCommand):
    help = (
        "Index every article readers may see for the read-also blocks, counting word "
        "frequencies afresh, and drop anything else. Blocks keep showing meanwhile. Needed "
        "only after restoring a database or changing how articles are compared: publishing, "
        "updating and killing articles keep the index up to date by themselves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            type=int,
            default=BATCH_SIZE,
            help=f"Articles read and written per transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Only index the articles waiting in the queue (what the scheduler does).",
        )

    def handle(self, *args: Any, batch: int, pending: bool, **options: Any) -> None:
        started = time.perf_counter()
        if pending:
            done = process_all()
            self.stdout.write(
                f"Read-also index: {done} queued articles indexed "
                f"({time.perf_counter() - started:.1f} s)."
            )
            return
        began = timezone.now()
        report = rebuild(batch=max(1, batch))
        # What was queued before the rebuild began is in it; later changes wait their turn.
        Pending.objects.filter(queued_at__lte=began).delete()
        self.stdout.write(
            f"Read-also index: {report.indexed} articles indexed, {report.removed} removed "
            f"({time.perf_counter() - started:.1f} s)."
        )
