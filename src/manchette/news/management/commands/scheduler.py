"""`manchette scheduler`: the former name of `manchette worker`, kept for existing set-ups."""

from __future__ import annotations

from manchette.tasks.management.commands import worker


class Command(worker.Command):
    help = "Same as `manchette worker` (its former name)."
