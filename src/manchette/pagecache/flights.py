"""One render at a time per page and process: the readers who ask meanwhile share it.

When a change expires a busy page (a comment under an article everyone is
reading), every reader in flight misses at once; each rendering it would
multiply the work by the readers, just when the site is busiest. The first
renders; the others wait for it and are answered with what it rendered, as
long as that render is new enough for them: it must have begun after every
change, among those the page shows, that was made before they asked
(`new_enough`). Under a stream of comments a render often is not new enough
for the readers who came after the next comment; they then share the next
render, which one of them makes. A page that is no one's to share (a page
the view does not let the cache keep) is rendered by each of them.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from manchette.pagecache.entries import Entry

WAIT_SECONDS = 2.0
"""At most this long behind other renders: past it, a reader renders the page itself."""


class Flight:
    """A render in progress; `page` and `epoch` are set when it lands."""

    def __init__(self) -> None:
        self._landed = threading.Event()
        self.page: Entry | None = None
        self.epoch = 0

    def wait(self, seconds: float) -> bool:
        return self._landed.wait(max(seconds, 0.0))


_lock = threading.Lock()
_flights: dict[str, Flight] = {}


def board(key: str) -> tuple[Flight, bool]:
    """The render of `key` in progress, and True when there was none: the caller renders
    it, then must `land` it."""
    with _lock:
        running = _flights.get(key)
        if running is not None:
            return running, False
        flight = _flights[key] = Flight()
        return flight, True


def land(key: str, flight: Flight, page: Entry | None, epoch: int) -> None:
    """End `flight`: `page` (None when it is not to be shared) rendered since `epoch`."""
    with _lock:
        del _flights[key]
    flight.page, flight.epoch = page, epoch
    flight._landed.set()


def new_enough(page: Entry | None, epoch: int, seen: Mapping[str, int], arrived: int) -> bool:
    """Whether `page`, rendered since `epoch`, shows every change a reader must see.

    `seen` holds the versions the page's tags had when the reader missed (read
    from the stale copy's tags) and `arrived` the epoch then. A change the
    reader must see has a version at most what they saw; the render noted its
    epoch before reading anything, so it saw every change numbered up to it.
    A tag the stale copy did not have counts as moved when the reader arrived.
    """
    return page is not None and all(seen.get(name, arrived) <= epoch for name in page.tags)
