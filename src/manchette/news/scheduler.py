"""Timed work: lifting embargoes when their time comes, without anyone at the keyboard."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from manchette.news.services import release_due_embargoes

logger = logging.getLogger(__name__)


def run(stop: threading.Event, *, interval: float = 5.0) -> None:
    """Release due embargoes every `interval` seconds until `stop` is set.

    State lives in the database (`Article.release_pending`), so a scheduler
    that restarts, or several running at once, neither miss nor repeat one.
    """
    while not stop.is_set():
        try:
            released = release_due_embargoes()
            if released:
                logger.info("embargo lifted on %d article(s)", len(released))
        except Exception:  # the loop must outlive a database hiccup
            logger.exception("scheduler pass failed")
        finally:
            close_old_connections()
        stop.wait(interval)
