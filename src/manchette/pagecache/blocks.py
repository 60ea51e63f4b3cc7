"""Blocks many pages share, kept rendered: comments, read-also, most read.

The page cache keeps whole pages for anonymous readers; a page it cannot
keep (a signed-in reader's, one of a site run without it, the first view
of an article) is still made mostly of blocks another render already made.
A block is kept on the page cache's terms: with the tags its render noted
and their versions, rendered again once one of them moves or after
`MANCHETTE_PAGE_CACHE_SECONDS`. Its tags are passed on to the page that
shows it, so a stored page built from a kept block expires with it.

Blocks stay in each process's memory (`MANCHETTE_BLOCK_CACHE_MB`): they
are small, and a lookup must cost far less than the render it spares. With
Redis they are shared too: after a change, the first process to need a
block renders it and the others read it from Redis, so a new comment costs
one redraw of its section, not one per process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from redis.exceptions import RedisError

from manchette.pagecache import collector, tags
from manchette.pagecache.cache import redis_client, tag_versions
from manchette.pagecache.entries import LocalEntries, SharedEntries
from manchette.pagecache.versions import Versions, settled, unchanged

logger = logging.getLogger(__name__)

_PAUSE_AFTER_FAILURE = 1.0


@dataclass(frozen=True, slots=True)
class Block:
    html: SafeString
    tags: tuple[str, ...]
    versions: tuple[int, ...]
    expires: float


def _size(block: Block) -> int:
    return len(block.html) + 64 * len(block.tags)


class Blocks:
    def __init__(
        self, capacity: int, lifetime: float, shared: SharedEntries[Block] | None = None
    ) -> None:
        self.kept: LocalEntries[Block] = LocalEntries(capacity, _size)
        self.shared = shared
        self.lifetime = lifetime
        self._down_until = 0.0

    def get_or_render(
        self, key: str, render: Callable[[], SafeString], names: Iterable[str]
    ) -> SafeString:
        versions = tag_versions()
        if versions is None or time.monotonic() < self._down_until:
            return render()
        try:
            found = self.kept.get(key)
            if found is not None:
                if _valid(found, versions):
                    collector.note(found.tags)
                    return found.html
                self.kept.discard(key)
            if self.shared is not None:
                found = self.shared.get(key)
                if found is not None and _valid(found, versions):
                    self.kept.put(key, found)
                    collector.note(found.tags)
                    return found.html
            epoch = versions.epoch()
        except (RedisError, OSError):
            self._failed()
            return render()
        with collector.collecting() as noted:
            html = render()
        built = tuple(sorted({*noted, *names, tags.SITE}))
        collector.note(built)
        try:
            current = settled(versions, built, epoch)
            if current is not None:
                block = Block(html, built, current, time.time() + self.lifetime)
                self.kept.put(key, block)
                if self.shared is not None:
                    self.shared.put(key, block)
        except (RedisError, OSError):
            self._failed()
        return html

    def _failed(self) -> None:
        # The shared versions (Redis) are down: render, and don't wait on them for a moment.
        logger.warning("block cache: tag versions unavailable, rendering blocks")
        self._down_until = time.monotonic() + _PAUSE_AFTER_FAILURE

    def clear(self) -> None:
        self.kept.clear()


def _valid(block: Block, versions: Versions) -> bool:
    return time.time() < block.expires and unchanged(versions, block.tags, block.versions)


@cache
def blocks() -> Blocks | None:
    megabytes = settings.MANCHETTE_BLOCK_CACHE_MB
    if megabytes <= 0:
        return None
    shared = None
    if settings.REDIS_URL:
        shared = SharedEntries(redis_client(), "manchette:page:b:", Block)
    return Blocks(megabytes * 1024 * 1024, settings.MANCHETTE_PAGE_CACHE_SECONDS, shared)


@cache
def _pieces() -> LocalEntries[SafeString] | None:
    megabytes = settings.MANCHETTE_BLOCK_CACHE_MB
    if megabytes <= 0:
        return None
    return LocalEntries(megabytes * 1024 * 1024 // 4, len)


def piece(key: str, render: Callable[[], SafeString]) -> SafeString:
    """HTML that is a function of `key` alone, rendered once per process and language.

    For the parts of a block that outlive it (a comment under its article, redrawn with
    every new comment): `key` must hold every value the HTML shows, so nothing expires it.
    """
    store = _pieces()
    if store is None:
        return render()
    key = f"{get_language() or settings.LANGUAGE_CODE} {key}"
    found = store.get(key)
    if found is None:
        found = render()
        store.put(key, found)
    return found


def forget() -> None:
    """Drop the process's blocks and pieces, and read the settings again (tests)."""
    blocks.cache_clear()
    _pieces.cache_clear()


def kept(key: str, render: Callable[[], SafeString], *, names: Iterable[str] = ()) -> SafeString:
    """The block `key`, as last rendered if nothing it shows changed since, else `render()`.

    `key` must name everything the block's HTML depends on besides its tags:
    the language, the request's options, what the reader is.
    """
    store = blocks()
    if store is None:
        return render()
    language = get_language() or settings.LANGUAGE_CODE
    return store.get_or_render(f"{language} {key}", render, names)


def rendered(template_name: str, context: dict[str, Any]) -> SafeString:
    """A block's template rendered, as it is when included in a page."""
    html = get_template(template_name).render(context)
    return mark_safe(html)  # noqa: S308 - the template escaped what it shows
