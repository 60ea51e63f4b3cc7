"""`manchette scheduler`: run timed work (embargo releases) until interrupted.

`manchette serve` starts one itself; at scale, run it beside the app servers.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from manchette.news import scheduler


class Command(BaseCommand):
    help = "Run timed work (embargo releases) until interrupted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between two passes."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        scheduler.run(stop, interval=options["interval"])
