"""`manchette reindex`: rebuild the search index from `visible_articles()`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from manchette.search.services import BATCH_SIZE, rebuild


class Command(BaseCommand):
    help = (
        "Index every article readers may see and drop anything else from the search index. "
        "Searches keep working meanwhile. Needed only after restoring a database or changing "
        "how text is analysed: the pipeline keeps the index up to date by itself."
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
            f"Search index: {report.indexed} articles indexed, {report.removed} removed "
            f"({time.perf_counter() - started:.1f} s)."
        )
