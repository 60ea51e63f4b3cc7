"""`manchette worker`: run background tasks, and enqueue the timed ones, until stopped."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from manchette.tasks import registry
from manchette.tasks.backends import backend
from manchette.tasks.management.options import add_import_option
from manchette.tasks.worker import Worker


class Command(BaseCommand):
    help = (
        "Run background tasks (embargo releases, polled sources, read-also indexing) "
        "until interrupted; start as many as you like, on any machine."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency", type=int, default=1, help="Tasks run at once (threads)."
        )
        add_import_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        registry.discover(options["modules"])
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        Worker(
            backend(),
            concurrency=options["concurrency"],
            lease_seconds=settings.MANCHETTE_TASK_LEASE_SECONDS,
        ).run(stop)
