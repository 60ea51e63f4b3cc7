"""At most one message per tag and interval to proxies, the last change always among them.

Under a stream of comments, each comment told nginx to fetch the article's
page again and the CDN to drop it: a render per comment, for pages readers
may see `MANCHETTE_COMMENT_LAG_MS` late anyway.
A comment tag bumped within the interval after the last message about it
waits for the interval's end, then goes out with every other tag that waited
meanwhile, so proxies are never left behind by more than the interval.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_FORGET_ABOVE = 4096
"""Past this many tags remembered, those whose interval is over are forgotten."""


class Throttle:
    def __init__(
        self,
        interval: float,
        send: Callable[[frozenset[str]], None],
        *,
        send_later: Callable[[frozenset[str]], object] | None = None,
    ) -> None:
        """`send` is called in the submitting thread; `send_later`, from the timer's own
        thread, for what waited (`send` by default)."""
        self.interval = interval
        self._send = send
        self._send_later = send_later or send
        self._lock = threading.Lock()
        self._quiet_until: dict[str, float] = {}
        self._waiting: set[str] = set()
        self._timer: threading.Timer | None = None
        self._closed = False

    def submit(self, names: frozenset[str]) -> None:
        """Send `names` now, except those sent less than an interval ago: those later."""
        if self._closed:
            self._send(names)
            return
        now = time.monotonic()
        with self._lock:
            if len(self._quiet_until) > _FORGET_ABOVE:
                self._quiet_until = {n: t for n, t in self._quiet_until.items() if t > now}
            ready = frozenset(
                name
                for name in names
                if self._quiet_until.get(name, 0.0) <= now and name not in self._waiting
            )
            for name in ready:
                self._quiet_until[name] = now + self.interval
            later = names - ready
            self._waiting |= later
            if later and self._timer is None:
                self._start_timer(min(self._quiet_until[name] for name in self._waiting) - now)
        if ready:
            self._send(ready)

    def flush(self) -> None:
        """Send everything waiting now (a command about to exit, a test)."""
        with self._lock:
            waiting, self._waiting = frozenset(self._waiting), set()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if waiting:
            self._send(waiting)

    def close(self) -> None:
        """Send everything waiting now, and from now on send at once: the process is
        exiting, and a timer's thread would not outlive it."""
        self._closed = True
        self.flush()

    def _due(self) -> None:
        now = time.monotonic()
        with self._lock:
            self._timer = None
            due = frozenset(n for n in self._waiting if self._quiet_until.get(n, 0.0) <= now)
            self._waiting -= due
            for name in due:
                self._quiet_until[name] = now + self.interval
            if self._waiting:
                self._start_timer(min(self._quiet_until[n] for n in self._waiting) - now)
        if due:
            self._send_later(due)

    def _start_timer(self, delay: float) -> None:
        self._timer = threading.Timer(max(delay, 0.0), self._due)
        self._timer.daemon = True
        self._timer.start()
