"""Where a dispatch's picture bytes come from, for files ingested from disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from manchette.wires.fetch import fetch_picture

MAX_PICTURE_BYTES = 40 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LocalPictureLoader:
    """Reads rendition hrefs that name files beside the dispatch, or fetches URLs.

    A relative href is looked up from the dispatch's folder, then from the
    folder the ingest started at; it must stay inside that folder, so a
    hostile dispatch cannot make the site publish any file on the machine.
    """

    base: Path
    root: Path

    def __call__(self, href: str) -> bytes:
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https"):
            return fetch_picture(href)
        if parsed.scheme not in ("", "file"):
            raise OSError(f"unsupported picture address: {href}")
        relative = unquote(parsed.path)
        root = self.root.resolve()
        for folder in (self.base, self.root):
            candidate = (folder / relative).resolve()
            if not candidate.is_relative_to(root):
                raise OSError(f"picture outside the ingested folder: {href}")
            if candidate.is_file():
                if candidate.stat().st_size > MAX_PICTURE_BYTES:
                    raise OSError(f"picture too large: {href}")
                return candidate.read_bytes()
        raise OSError(f"picture not found: {href}")
