"""`manchette watch DIR`: ingest files dropped into a folder, as they arrive."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manchette.wires.watch import watch_once


class Command(BaseCommand):
    help = (
        "Watch a drop folder: take each wire file once it has stopped changing, ingest it, "
        "and move it to done/ or rejected/ (with a .reason.txt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between two looks at the folder."
        )
        parser.add_argument(
            "--settle",
            type=float,
            default=2.0,
            help="Seconds a file must stay unchanged before it is taken.",
        )
        parser.add_argument(
            "--provider",
            default="",
            help="Provider code for dispatches that do not name their agency.",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Take what is there now, then exit (for cron or tests).",
        )

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        if not folder.is_dir():
            raise CommandError(f"no such folder: {folder}")
        while True:
            result = watch_once(
                folder, settle_seconds=options["settle"], provider_code=options["provider"]
            )
            for name in result.done:
                self.stdout.write(f"done: {name}")
            for name, reason in result.rejected:
                self.stderr.write(f"rejected: {name}: {reason}")
            self.stdout.flush()
            if options["once"]:
                return
            time.sleep(options["interval"])
