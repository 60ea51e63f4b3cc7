"""`manchette enqueue NAME [ARGS...]`: queue a task by hand, for `manchette worker` to run."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manchette.tasks import enqueue, registry
from manchette.tasks.management.options import add_import_option


class Command(BaseCommand):
    help = "Queue the task NAME once per ARGS (a JSON object of its arguments; none: {})."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("arguments", nargs="*", metavar="ARGS")
        parser.add_argument("--dedup", default=None, help="Dedup key (with a single ARGS).")
        add_import_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        registry.discover(options["modules"])
        payloads = options["arguments"] or ["{}"]
        if options["dedup"] and len(payloads) > 1:
            raise CommandError("--dedup names one task: give a single ARGS")
        try:
            arguments = [json.loads(payload) for payload in payloads]
        except json.JSONDecodeError as error:
            raise CommandError(f"ARGS must be JSON objects: {error}") from None
        if not all(isinstance(item, dict) for item in arguments):
            raise CommandError("ARGS must be JSON objects")
        for item in arguments:
            try:
                task_id = enqueue(options["name"], item, dedup_key=options["dedup"])
            except LookupError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(task_id or "already queued (same dedup key)")
