"""Reading a parsed wire document by local names, so that a namespaced copy of a
format (NITF inside NewsML, a prefixed NewsML 1.2) reads like the plain one.

Each reader takes None for a missing element and answers with nothing, so a
chain of look-ups needs no test at every step.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from manchette.wires.formats.xml import local_name

Element = etree._Element


def children_named(parent: Element | None, name: str) -> list[Element]:
    if parent is None:
        return []
    return [child for child in parent if local_name(child) == name]


def child_at(parent: Element | None, *path: str) -> Element | None:
    """The first element along `path` of local names, or None."""
    node = parent
    for name in path:
        if node is None:
            return None
        node = next((child for child in node if local_name(child) == name), None)
    return node


def descendants_named(parent: Element | None, name: str) -> Iterator[Element]:
    if parent is None:
        return iter(())
    return (node for node in parent.iterdescendants() if local_name(node) == name)


def attribute(node: Element | None, name: str) -> str:
    """The attribute's value, stripped; "" when it or the element is missing."""
    if node is None:
        return ""
    return (node.get(name) or "").strip()
