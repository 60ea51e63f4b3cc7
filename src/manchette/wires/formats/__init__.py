"""Turning wire bytes into dispatches, whatever the format.

Each format is one pure module exposing `parse(data: bytes) -> list[Dispatch]`
(a list because some envelopes carry several items). `parse` here sniffs
the format and hands the bytes to the right module.
"""

from __future__ import annotations

from manchette.wires.dispatch import Dispatch, ParseError
from manchette.wires.formats import ninjs

_BOM = b"\xef\xbb\xbf"


def parse(data: bytes) -> list[Dispatch]:
    """Parse one wire file of any supported format into its dispatches."""
    head = data.removeprefix(_BOM).lstrip()[:1]
    if head in (b"{", b"["):
        return ninjs.parse(data)
    if not head:
        raise ParseError("empty file")
    raise ParseError("unrecognised format: expected IPTC ninjs (JSON)")
