"""The one place a surface that shows articles hears that one changed.

Pages and listings read through `selectors.visible_articles()`, so a kill or
an embargo holds there by construction. Surfaces that keep state of their
own (a search index, the read-also index, page caches, feeds) register a
listener here and are told, after the change is committed, about every
article created, updated, withheld or killed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleChange:
    article_id: int
    action: str
    """created or updated (what the pipeline did), released (an embargo lifted), or
    edited (an editor changed its section or status in the admin)."""
    visible: bool
    """Whether readers may see the article now (published and past any embargo)."""


Listener = Callable[[ArticleChange], None]
_listeners: list[Listener] = []


def register(listener: Listener) -> Listener:
    """Add a surface's listener (usable as a decorator); registering twice is harmless."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def unregister(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def announce(change: ArticleChange) -> None:
    """Tell every surface once the current transaction commits (at once if none is open)."""
    transaction.on_commit(lambda: _deliver(change))


def _deliver(change: ArticleChange) -> None:
    for listener in list(_listeners):
        try:
            listener(change)
        except Exception:  # one broken surface must not hide the change from the others
            logger.exception("surface %r failed on %s", listener, change)
