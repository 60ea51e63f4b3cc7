"""`manchette related_rebuild`: compute the read-also index again from `visible_articles()`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from manchette.related.services import BATCH_SIZE, rebuild


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

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        started = time.perf_counter()
        report = rebuild(batch=max(1, batch))
        self.stdout.write(
            f"Read-also index: {report.indexed} articles indexed, {report.removed} removed "
            f"({time.perf_counter() - started:.1f} s)."
        )
