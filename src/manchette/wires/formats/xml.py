"""Parsing wire XML safely.

Wire XML comes from outside: it must not make the parser expand entities
(billion laughs), read files or reach the network (XXE), or build a huge tree.
Any document type declaration that declares entities is refused outright;
agencies have no need for one.
"""

from __future__ import annotations

import re

from lxml import etree

from manchette.wires.dispatch import ParseError

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE_WITH_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes) -> etree._Element:
    """The root element of an XML document, or a `ParseError` saying why not.

    The declared encoding (or a BOM) decides how bytes become text; bytes
    that do not fit it are reported with their position.
    """
    head = data[:4096]
    if _ENTITY_DECLARATION.search(data) or _DOCTYPE_WITH_SUBSET.search(head):
        raise ParseError("XML with entity declarations is refused (entity expansion, XXE)")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        raise ParseError(f"malformed XML at line {line}, column {column}: {error.msg}") from None
    except ValueError as error:
        raise ParseError(f"unreadable XML: {error}") from None
    if root is None:
        raise ParseError("empty XML document")
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (`newsItem` for `{http://iptc.org/std/nar/2006-10-01/}newsItem`)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""
