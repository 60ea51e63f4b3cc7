"""`manchette ingest PATH...`: apply wire files and folders, report every file."""

from __future__ import annotations

import glob
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manchette.wires.ingest import IngestReport, check_paths, ingest_paths


class Command(BaseCommand):
    help = (
        "Ingest wire dispatches from files and folders (searched recursively). "
        "Prints what was created, updated, unchanged and rejected (with the reason); "
        "exits non-zero when any file was rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Parse only, store nothing: print one JSON object per dispatch or error.",
        )
        parser.add_argument(
            "--provider",
            default="",
            help="Provider code for dispatches that do not name their agency.",
        )

    def handle(self, *args: Any, paths: list[Path], provider: str, **options: Any) -> None:
        paths = _expand_globs(paths)
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        if options["check"]:
            self._check(paths)
            return
        report = IngestReport()
        if options["verbosity"] > 1:
            report.on_applied = lambda action, label: self.stdout.write(f"{action}: {label}")
        ingest_paths(paths, provider_code=provider, report=report)
        for label, warning in report.warnings:
            self.stderr.write(f"warning: {label}: {warning}")
        for label, reason in report.rejected:
            self.stderr.write(self.style.ERROR(f"rejected: {label}: {reason}"))
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(f"{len(report.rejected)} rejected", returncode=1)

    def _check(self, paths: list[Path]) -> None:
        errors = 0
        for record in check_paths(paths):
            errors += "error" in record
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if errors:
            raise CommandError(f"{errors} file(s) could not be read", returncode=1)


def _expand_globs(paths: list[Path]) -> list[Path]:
    """Quoted patterns (`'incoming/**/*.xml'`) are expanded here, as a shell would."""
    expanded: list[Path] = []
    for path in paths:
        text = str(path)
        if not path.exists() and any(char in text for char in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise CommandError(f"no file matches {text}")
            expanded.extend(Path(match) for match in matches)
        else:
            expanded.append(path)
    return expanded
