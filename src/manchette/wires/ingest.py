"""Ingesting wire files from disk: parse, order, apply, and account for every file.

A rejected file never stops the others; every file ends in exactly one line
of the report, with the reason when it was rejected.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import DatabaseError

from manchette.news.services import Action, DispatchRejected, apply_dispatch
from manchette.wires.dispatch import Dispatch, ParseError
from manchette.wires.formats import parse
from manchette.wires.models import quarantine
from manchette.wires.pictures import LocalPictureLoader

logger = logging.getLogger(__name__)

WIRE_SUFFIXES = frozenset({".json", ".ninjs", ".xml", ".nitf", ".txt", ".tst", ".rss", ".atom"})
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(slots=True)
class IngestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
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
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in WIRE_SUFFIXES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    yield child, path
        else:
            yield path, path.parent


def ingest_paths(
    paths: Iterable[Path],
    *,
    provider_code: str = "",
    transform: Callable[[Dispatch], Dispatch] | None = None,
    root: Path | None = None,
) -> IngestReport:
    """Ingest every wire file under `paths`; versions are applied oldest first.

    Pictures are looked up beside each file, then under `root` (by default the
    folder each file was found in).
    """
    report = IngestReport()
    parsed: list[_Parsed] = []
    for path, found_under in wire_files(paths):
        root_for_pictures = root or found_under
        try:
            data = _read(path)
        except (ParseError, OSError) as exc:
            report.rejected.append((str(path), str(exc)))
            continue
        try:
            dispatches = parse(data)
        except ParseError as exc:
            report.rejected.append((str(path), str(exc)))
            quarantine(source=str(path), reason=str(exc), data=data)
            continue
        parsed.extend(
            _Parsed(transform(d) if transform else d, path, root_for_pictures) for d in dispatches
        )
    # Oldest first, so a batch holding several versions of a story builds its
    # history in order and counts one creation followed by updates.
    parsed.sort(key=lambda p: p.dispatch.version_created)
    for item in parsed:
        _apply(item, report, provider_code)
    return report


def ingest_shift_to(now_delta: timedelta) -> Callable[[Dispatch], Dispatch]:
    """A transform moving every timestamp by `now_delta` (used by the demo)."""
    return lambda dispatch: dispatch.shifted(now_delta)


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ParseError(f"file too large ({size} bytes, limit {MAX_FILE_BYTES})")
    return path.read_bytes()


def _apply(item: _Parsed, report: IngestReport, provider_code: str) -> None:
    label = f"{item.source} [{item.dispatch.guid} v{item.dispatch.version}]"
    try:
        outcome = apply_dispatch(
            item.dispatch,
            load_picture=LocalPictureLoader(base=item.source.parent, root=item.root),
            provider_code=provider_code,
            source=str(item.source),
        )
    except (DispatchRejected, ValueError, DatabaseError) as exc:
        logger.warning("rejected %s: %s", label, exc)
        report.rejected.append((label, str(exc)))
        quarantine(source=label, reason=str(exc), data=item.source.read_bytes())
        return
    {
        Action.CREATED: report.created,
        Action.UPDATED: report.updated,
        Action.UNCHANGED: report.unchanged,
    }[outcome.action].append(label)
    report.warnings.extend((label, warning) for warning in outcome.warnings)


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
