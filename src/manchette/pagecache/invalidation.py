"""Bumping tags once a change is committed, so no process serves what it replaced."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from manchette.pagecache import key_purge, purge
from manchette.pagecache.cache import page_cache, tag_versions
from manchette.pagecache.tags import is_comments
from manchette.pagecache.throttle import Throttle

logger = logging.getLogger(__name__)


BUMP_BEFORE_COMMIT = False
"""Set by the test suite, whose tests run in transactions that never commit."""


def invalidate(names: Iterable[str], *, using: str | None = None) -> None:
    """Pages built from any of `names` are rendered again, from the commit on.

    Not before: a page rendered meanwhile from the old rows would be stored
    under the new versions and outlive the change.
    """
    wanted = frozenset(names)
    if not wanted:
        return
    if BUMP_BEFORE_COMMIT:
        bump_now(wanted)
    transaction.on_commit(lambda: bump_now(wanted), using=using)


def bump_now(names: Iterable[str]) -> None:
    versions = tag_versions()
    if versions is None:
        return
    names = frozenset(names)
    try:
        versions.bump(names)
    except Exception:
        # Pages and blocks stay at most MANCHETTE_PAGE_CACHE_SECONDS old; the change is saved.
        logger.exception("page cache: could not expire %s", sorted(names))
        return
    try:
        throttle = _comments_throttle()
        if throttle is not None and all(is_comments(name) for name in names):
            throttle.submit(names)
            return
    except Exception:
        logger.exception("page cache: could not hold back the proxy messages of %s", sorted(names))
    tell_proxies(names)


def tell_proxies(names: frozenset[str]) -> None:
    """Ask the proxies (nginx, a CDN) to refresh or drop the pages carrying `names`."""
    try:
        cache = page_cache()
        if cache is not None:
            addresses = cache.addresses
            refreshing = purge.refresh(addresses.of(names)) if addresses is not None else []
            key_purge.purge(names, after=refreshing)
    except Exception:
        # Proxies keep the page at most MANCHETTE_PROXY_CACHE_SECONDS; the change is saved.
        logger.exception("page cache: could not tell proxies of %s", sorted(names))


_throttles: dict[float, Throttle] = {}


def _comments_throttle() -> Throttle | None:
    """What holds back proxy messages about comments to one per tag and comment lag, when
    there is a lag and a proxy to tell."""
    interval = settings.MANCHETTE_COMMENT_LAG_MS / 1000
    if interval <= 0 or not (settings.MANCHETTE_PURGE_URLS or settings.MANCHETTE_PURGE_KEYS_URLS):
        return None
    if interval not in _throttles:
        if not _throttles:
            # Held messages go out before the process exits: this runs before the pool
            # that sends them stops taking work (concurrent.futures registers its own
            # exit the same way, earlier, and these run in reverse order).
            threading._register_atexit(_close)  # type: ignore[attr-defined]
        # What waited goes out from the pool's threads, which keep their connections.
        _throttles[interval] = Throttle(
            interval, tell_proxies, send_later=lambda names: purge.send_later(tell_proxies, names)
        )
    return _throttles[interval]


def flush() -> None:
    """Send the proxy messages held back now (`purge.wait` does it first)."""
    for throttle in list(_throttles.values()):
        throttle.flush()


def _close() -> None:
    """At exit: what is held goes out, and what later requests change goes out at once."""
    for throttle in list(_throttles.values()):
        throttle.close()
