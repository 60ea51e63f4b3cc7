"""A drop folder: agencies (or a transfer job) put files in, Manchette takes them.

A file is taken only once it has stopped changing, by renaming it into
`processing/` (atomic on one file system), so a half-written file is never
read and two watchers never take the same file. After ingestion it moves to
`done/`, or to `rejected/` with a `.reason.txt` beside it. Files left in
`processing/` by a crash are ingested again at the next start: ingestion is
idempotent, so each dispatch is still applied exactly once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from manchette.wires.ingest import WIRE_SUFFIXES, IngestReport, ingest_paths

logger = logging.getLogger(__name__)

PROCESSING, DONE, REJECTED = "processing", "done", "rejected"


@dataclass(slots=True)
class WatchReport:
    done: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


def prepare(folder: Path) -> None:
    for name in (PROCESSING, DONE, REJECTED):
        (folder / name).mkdir(parents=True, exist_ok=True)


def ready_files(folder: Path, *, settle_seconds: float, now: float | None = None) -> list[Path]:
    """Wire files in `folder` itself that nobody has written to for `settle_seconds`."""
    moment = time.time() if now is None else now
    found = []
    for path in sorted(folder.iterdir()):
        if (
            not path.is_file()
            or path.name.startswith(".")
            or path.suffix.lower() not in WIRE_SUFFIXES
        ):
            continue
        if moment - path.stat().st_mtime >= settle_seconds:
            found.append(path)
    return found


def take(path: Path, folder: Path) -> Path | None:
    """Claim a file by renaming it into processing/; None if another watcher got it first."""
    target = folder / PROCESSING / path.name
    try:
        path.rename(target)
    except FileNotFoundError:
        return None
    return target


def process(path: Path, folder: Path, *, provider_code: str = "") -> IngestReport:
    """Ingest one claimed file and file it under done/ or rejected/."""
    report = ingest_paths([path], provider_code=provider_code, root=folder)
    if report.ok:
        _move(path, folder / DONE)
    else:
        moved = _move(path, folder / REJECTED)
        reasons = "\n".join(f"{label}: {reason}" for label, reason in report.rejected)
        moved.with_name(moved.name + ".reason.txt").write_text(reasons + "\n", encoding="utf-8")
    return report


def watch_once(
    folder: Path, *, settle_seconds: float = 2.0, provider_code: str = ""
) -> WatchReport:
    """One pass: finish what a crash left in processing/, then take every settled file."""
    prepare(folder)
    result = WatchReport()
    leftovers = sorted((folder / PROCESSING).iterdir())
    claimed = [
        p
        for p in (take(p, folder) for p in ready_files(folder, settle_seconds=settle_seconds))
        if p
    ]
    for path in [*leftovers, *claimed]:
        if not path.is_file():
            continue
        report = process(path, folder, provider_code=provider_code)
        if report.ok:
            result.done.append(path.name)
        else:
            result.rejected.extend((path.name, reason) for _, reason in report.rejected)
    return result


def _move(path: Path, destination: Path) -> Path:
    target = destination / path.name
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = destination / f"{stamp}-{path.name}"
    path.rename(target)
    return target
