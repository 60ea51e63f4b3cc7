"""What the page being rendered depends on, gathered while it renders.

The middleware opens a collection for a request that may be stored; views
add the tags they know (`depends_on`) and every article link rendered adds
its article (`note_article`, called by `Article.get_absolute_url`), so a
teaser can't be forgotten.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from manchette.pagecache import tags

_collected: ContextVar[set[str] | None] = ContextVar("manchette_page_tags", default=None)
_declared: ContextVar[bool] = ContextVar("manchette_page_declared", default=False)


def start() -> None:
    _collected.set(set())
    _declared.set(False)


def finish() -> tuple[bool, frozenset[str]]:
    """Whether a view declared the page cacheable, and its tags; closes the collection."""
    found = _collected.get()
    declared = _declared.get()
    _collected.set(None)
    _declared.set(False)
    return declared, frozenset(found or ())


def depends_on(*names: str) -> None:
    """Declare the page being rendered cacheable for anonymous readers, built from `names`."""
    found = _collected.get()
    if found is not None:
        _declared.set(True)
        found.update(names)
        found.add(tags.SITE)


def note_article(article_id: int) -> None:
    found = _collected.get()
    if found is not None:
        found.add(tags.article(article_id))


def note(names: Iterable[str]) -> None:
    """Pass on tags a kept block was built from, to the page that shows it."""
    found = _collected.get()
    if found is not None:
        found.update(names)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Gather the tags noted inside the block, whether or not a page is being collected;
    the page's own collection (if any) gets them too, through the block's caller."""
    found: set[str] = set()
    outer = _collected.set(found)
    declared = _declared.set(False)
    try:
        yield found
    finally:
        _collected.reset(outer)
        _declared.reset(declared)
