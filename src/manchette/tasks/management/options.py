"""Command-line options shared by the task commands (`worker`, `enqueue`)."""

from __future__ import annotations

from django.core.management.base import CommandParser


def add_import_option(parser: CommandParser) -> None:
    """`--import MODULE`: task modules outside `registry.MODULES`, which both
    the process queuing a task and the one running it must know by name."""
    parser.add_argument(
        "--import",
        dest="modules",
        action="append",
        default=[],
        metavar="MODULE",
        help="Also import MODULE, which declares tasks of its own (repeatable).",
    )
