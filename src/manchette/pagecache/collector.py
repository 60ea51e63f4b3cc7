"""What the page being rendered depends on, gathered while it renders.

The middleware opens a collection for a request that may be stored; views
add the tags they know (`depends_on`) and every article link rendered adds
its article (`note_article`, called by `Article.get_absolute_url`), so a
teaser can't be forgotten.
"""

from __future__ import annotations

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
