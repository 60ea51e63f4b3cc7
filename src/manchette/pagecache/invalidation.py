"""Bumping tags once a change is committed, so no process serves what it replaced."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from manchette.pagecache import key_purge, purge
from manchette.pagecache.cache import page_cache, tag_versions

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
        cache = page_cache()
        if cache is not None:
            addresses = cache.addresses
            refreshing = purge.refresh(addresses.of(names)) if addresses is not None else []
            key_purge.purge(names, after=refreshing)
    except Exception:
        # Pages and blocks stay at most MANCHETTE_PAGE_CACHE_SECONDS old; the change is saved.
        logger.exception("page cache: could not expire %s", sorted(names))
