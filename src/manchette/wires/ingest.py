"""Ingesting wire files from disk: parse, order, apply, and account for every file.

A rejected file never stops the others; every file ends in exactly one line
of the report, with the reason when it was rejected.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import DatabaseError, transaction

from manchette.news.services import Action, DispatchRejected, Lookups, apply_dispatch
from manchette.wires.dispatch import Dispatch, ParseError
from manchette.wires.formats import parse
from manchette.wires.models import quarantine
from manchette.wires.pictures import LocalPictureLoader

logger = logging.getLogger(__name__)

WIRE_SUFFIXES = frozenset({".json", ".ninjs", ".xml", ".nitf", ".txt", ".tst", ".rss", ".atom"})
MAX_FILE_BYTES = 50 * 1024 * 1024
BATCH_FILES = 500
COMMIT_EVERY = 50


@dataclass(slots=True)
class IngestReport:
    """Counts of what happened, and every rejection and warning with its reason.

    Only counts are kept for dispatches that went through, so a backfill of
    any size reports in constant memory; `on_applied` sees each one as it goes.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    on_applied: Callable[[str, str], None] | None = None

    @property
    def ok(self) -> bool:
        return not self.rejected

    def count(self, action: Action, label: str) -> None:
        if action is Action.CREATED:
            self.created += 1
        elif action is Action.UPDATED:
            self.updated += 1
        else:
            self.unchanged += 1
        if self.on_applied is not None:
            self.on_applied(action.value, label)

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected"
        )


@dataclass(frozen=True, slots=True)
class _Parsed:
    dispatch: Dispatch
    source: Path
    root: Path


def wire_files(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """Each wire file under `paths`, with the root it was found under.

    Files named explicitly are always tried; inside folders only files with a
    wire suffix are, so pictures and notes beside the dispatches are skipped.
    Folders are walked lazily, so a backfill does not hold every name of the
    tree in memory.
    """
    for path in paths:
        if path.is_dir():
            yield from ((child, path) for child in _walk(path))
        else:
            yield path, path.parent


def _walk(folder: Path) -> Iterator[Path]:
    # One folder's names at a time, in order: reports stay reproducible while
    # memory follows the largest folder, not the whole tree.
    with os.scandir(folder) as entries:
        names = sorted(
            (entry.name, entry.is_dir(follow_symlinks=False))
            for entry in entries
            if not entry.name.startswith(".")
        )
    for name, is_dir in names:
        child = folder / name
        if is_dir:
            yield from _walk(child)
        elif child.suffix.lower() in WIRE_SUFFIXES and child.is_file():
            yield child


def ingest_paths(
    paths: Iterable[Path],
    *,
    provider_code: str = "",
    transform: Callable[[Dispatch], Dispatch] | None = None,
    root: Path | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Ingest every wire file under `paths`.

    Files are read in batches of `BATCH_FILES`; within a batch, versions are
    applied oldest first, so a folder holding several versions of a story
    builds its history in order and counts one creation followed by updates.
    Memory stays flat however many files there are. Pictures are looked up
    beside each file, then under `root` (by default the folder each file was
    found in).
    """
    report = report or IngestReport()
    batch: list[_Parsed] = []
    for path, found_under in wire_files(paths):
        batch.extend(_parse_file(path, root or found_under, transform, report))
        if len(batch) >= BATCH_FILES:
            _apply_batch(batch, report, provider_code)
            batch = []
    _apply_batch(batch, report, provider_code)
    return report


def _parse_file(
    path: Path,
    root: Path,
    transform: Callable[[Dispatch], Dispatch] | None,
    report: IngestReport,
) -> list[_Parsed]:
    try:
        data = _read(path)
    except (ParseError, OSError) as exc:
        report.rejected.append((str(path), str(exc)))
        return []
    try:
        dispatches = parse(data)
    except ParseError as exc:
        report.rejected.append((str(path), str(exc)))
        quarantine(source=str(path), reason=str(exc), data=data)
        return []
    return [_Parsed(transform(d) if transform else d, path, root) for d in dispatches]


def _apply_batch(batch: list[_Parsed], report: IngestReport, provider_code: str) -> None:
    lookups = Lookups()
    ordered = sorted(batch, key=lambda p: p.dispatch.version_created)
    for start in range(0, len(ordered), COMMIT_EVERY):
        group = ordered[start : start + COMMIT_EVERY]
        # Each dispatch still applies in a savepoint of its own (all or nothing);
        # committing a group at once saves a disk sync per dispatch, and the
        # group reads its articles and writes its history rows in one query
        # each. A crash loses at most the uncommitted group, which the next
        # run applies.
        try:
            with transaction.atomic(), lookups.group((p.dispatch for p in group), provider_code):
                results = [_apply(item, provider_code, lookups) for item in group]
        except DatabaseError as exc:
            # The rows the group held back, or its commit, were refused: the
            # whole group rolled back. Apply it again with each dispatch's rows
            # written in its own savepoint, so only the one at fault is
            # rejected. Nothing the group remembered survives the rollback.
            logger.warning(
                "group of %d dispatches rolled back (%s); retrying each", len(group), exc
            )
            lookups = Lookups()
            with transaction.atomic():
                results = [_apply(item, provider_code, lookups) for item in group]
        # Told only once committed, so a retried group is not counted twice.
        for result in results:
            result.tell(report)


def ingest_shift_to(now_delta: timedelta) -> Callable[[Dispatch], Dispatch]:
    """A transform moving every timestamp by `now_delta` (used by the demo)."""
    return lambda dispatch: dispatch.shifted(now_delta)


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ParseError(f"file too large ({size} bytes, limit {MAX_FILE_BYTES})")
    return path.read_bytes()


@dataclass(frozen=True, slots=True)
class _Result:
    label: str
    action: Action | None = None
    warnings: list[str] = field(default_factory=list)
    rejection: str = ""

    def tell(self, report: IngestReport) -> None:
        if self.action is None:
            report.rejected.append((self.label, self.rejection))
            return
        report.count(self.action, self.label)
        report.warnings.extend((self.label, warning) for warning in self.warnings)


def _apply(item: _Parsed, provider_code: str, lookups: Lookups) -> _Result:
    label = f"{item.source} [{item.dispatch.guid} v{item.dispatch.version}]"
    try:
        outcome = apply_dispatch(
            item.dispatch,
            load_picture=LocalPictureLoader(base=item.source.parent, root=item.root),
            provider_code=provider_code,
            source=str(item.source),
            lookups=lookups,
        )
    except (DispatchRejected, ValueError, DatabaseError) as exc:
        logger.warning("rejected %s: %s", label, exc)
        quarantine(source=label, reason=str(exc), data=item.source.read_bytes())
        return _Result(label, rejection=str(exc))
    return _Result(label, outcome.action, outcome.warnings)


def check_paths(paths: Iterable[Path]) -> Iterator[dict[str, object]]:
    """What ingesting `paths` would find, without storing anything: one record per
    dispatch, or per file that cannot be read, in file order."""
    for path, _root in wire_files(paths):
        try:
            dispatches = parse(_read(path))
        except (ParseError, OSError) as exc:
            yield {"file": str(path), "error": str(exc)}
            continue
        for dispatch in dispatches:
            yield {"file": str(path), **describe(dispatch)}


def describe(dispatch: Dispatch) -> dict[str, object]:
    """A dispatch as plain data, for a publisher checking a feed before switching it on."""
    signals = [name for name, on in (("correction", dispatch.is_correction),) if on]
    return {
        "format": dispatch.source_format,
        "provider": dispatch.provider,
        "guid": dispatch.guid,
        "version": dispatch.version,
        "version_created": dispatch.version_created.isoformat(),
        "status": dispatch.status.value,
        "signals": signals,
        "embargo": dispatch.embargoed.isoformat() if dispatch.embargoed else None,
        "language": dispatch.language,
        "headline": dispatch.headline,
        "byline": dispatch.byline,
        "subjects": [subject.code for subject in dispatch.subjects],
        "pictures": [
            {
                "caption": picture.caption,
                "credit": picture.credit,
                "alt_text": picture.alt_text,
                "href": best.href if (best := picture.best_rendition()) else None,
            }
            for picture in dispatch.pictures
        ],
    }
