"""Timed work, without anyone at the keyboard: lifting embargoes, polling wire sources."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections

from manchette.news.services import release_due_embargoes

logger = logging.getLogger(__name__)


def _poll_sources() -> list[int]:
    from manchette.wires.polling import poll_due_sources

    return poll_due_sources()


def _index_read_also() -> list[int]:
    from manchette.related.services import process_pending

    return process_pending()


_TASKS: list[Callable[[], list[int]]] = [release_due_embargoes, _poll_sources, _index_read_also]


def run(stop: threading.Event, *, interval: float = 5.0) -> None:
    """Release due embargoes, poll sources and index queued articles for the read-also
    blocks every `interval` seconds until `stop` is set.

    State lives in the database (`Article.release_pending`), so a scheduler
    that restarts, or several running at once, neither miss nor repeat one.
    """
    while not stop.is_set():
        for task in _TASKS:
            try:
                done = task()
                if done:
                    logger.info("%s: %d", task.__name__, len(done))
            except Exception:  # the loop must outlive a database or network hiccup
                logger.exception("scheduler task %s failed", task.__name__)
            finally:
                close_old_connections()
        stop.wait(interval)
