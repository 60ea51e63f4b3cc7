"""Turning wire bytes into dispatches, whatever the format.

Each format is one pure module exposing `parse(data: bytes) -> list[Dispatch]`
(a list because some envelopes carry several items); XML formats also expose
`parse_root(root)`, so a document is parsed once and routed by its root
element. The format is told by the content, never by the file name.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from manchette.wires.dispatch import Dispatch, ParseError
from manchette.wires.formats import anpa, feeds, newsml12, newsml_g2, ninjs, nitf
from manchette.wires.formats.xml import local_name, parse_xml

_BOM = b"\xef\xbb\xbf"
NAR_NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"

_XML_ROOTS: dict[str, Callable[[etree._Element], list[Dispatch]]] = {
    "nitf": nitf.parse_root,
    "NewsML": newsml12.parse_root,
}


def parse(data: bytes) -> list[Dispatch]:
    """Parse one wire file of any supported format into its dispatches."""
    if anpa.looks_like(data):
        return anpa.parse(data)
    head = data.removeprefix(_BOM).lstrip()[:1]
    if head in (b"{", b"["):
        return ninjs.parse(data)
    if feeds.looks_like(data):
        # Before the strict XML parser: feedparser diagnoses (or tolerates) the
        # malformed feeds found in the wild better than a bare syntax error.
        return feeds.parse(data)
    if head == b"<":
        return _parse_xml_document(data)
    if not head:
        raise ParseError("empty file")
    raise ParseError("unrecognised format: expected IPTC ninjs (JSON) or NewsML-G2 (XML)")


def _parse_xml_document(data: bytes) -> list[Dispatch]:
    root = parse_xml(data)
    name = local_name(root)
    namespace = etree.QName(root).namespace or ""
    if namespace == NAR_NAMESPACE:
        return newsml_g2.parse_root(root)
    handler = _XML_ROOTS.get(name)
    if handler is None:
        raise ParseError(f"unrecognised XML document: root element <{name}>")
    return handler(root)
