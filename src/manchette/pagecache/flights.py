"""One render at a time per page and process: the readers who ask meanwhile wait for it.

When a change expires a busy page (a comment under an article everyone is
reading), every reader in flight misses at once; each rendering it would
multiply the work by the readers, just when the site is busiest. The first
renders; the others wait for it, then look the page up again. What they
get is checked against the versions of the moment they look, as any hit
is: if the page changed again meanwhile, or the render could not be
stored, they render it themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

WAIT_SECONDS = 2.0
"""At most this long behind another render: past it, a reader renders the page itself."""

_lock = threading.Lock()
_flights: dict[str, threading.Event] = {}


@contextmanager
def leading(key: str) -> Iterator[bool]:
    """True for the request that renders `key`; False, once that render ended (or after
    `WAIT_SECONDS`), for a request that waited on another's."""
    with _lock:
        running = _flights.get(key)
        if running is None:
            done = _flights[key] = threading.Event()
    if running is not None:
        running.wait(WAIT_SECONDS)
        yield False
        return
    try:
        yield True
    finally:
        with _lock:
            del _flights[key]
        done.set()
