"""Stores the pages views declare cacheable, answers from the cache, sets caching headers.

First in MIDDLEWARE, so what it stores carries every header the others add.
The WSGI entry (`pagecache.wsgi`) answers cached pages before Django; this
middleware answers them too for servers that don't use that entry (tests,
`runserver`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.http import http_date

from manchette.pagecache import collector, flights
from manchette.pagecache.cache import (
    CACHEABLE_STATUSES,
    EPOCH,
    KEY,
    SEEN,
    STATUS_HEADER,
    PageCache,
    answer,
    page_cache,
    renders_relay,
)
from manchette.pagecache.entries import Entry

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        cache = page_cache()
        key, cached = _prepare(cache, request) if cache is not None else (None, None)
        if cached is not None:
            return _answer(cached, request.META)
        if cache is None:
            return _private(self.get_response(request))
        if key is None:
            response = self.get_response(request)
            response[STATUS_HEADER] = "bypass"
            return _private(response)
        meta = request.META
        seen, arrived = meta.get(SEEN) or {}, int(meta[EPOCH])
        deadline = time.monotonic() + flights.WAIT_SECONDS
        while True:
            flight, leading = flights.board(key)
            if leading:
                break
            if not flight.wait(deadline - time.monotonic()) or flight.page is None:
                return self._render(cache, key, request)[0]  # late, or not to be shared
            if flights.new_enough(flight.page, flight.epoch, seen, arrived):
                return _answer(flight.page, meta)
            stored = _lookup(cache, key)  # by a render in another process meanwhile
            if stored is not None:
                return _answer(stored, meta)
            # The render began before a change this reader must see: share the next one.
        # Noted again: a reader who waited for a render too old for them starts later.
        meta[EPOCH] = epoch = _epoch(cache, arrived)
        page = None
        relay = renders_relay()
        try:
            with relay.turn(key, deadline) as turn:
                if turn.waited:  # for another process's render of this page
                    other = relay.taken(key)
                    if other is not None and flights.new_enough(
                        other.page, other.epoch, seen, arrived
                    ):
                        page, epoch = other.page, other.epoch
                        cache.adopt(key, page)
                        return _answer(page, meta)
                    meta[EPOCH] = epoch = _epoch(cache, arrived)
                response, page = self._render(cache, key, request)
                if page is not None and turn.held:
                    relay.publish(key, page, epoch)
        finally:
            flights.land(key, flight, page, epoch)
        return response

    def _render(
        self, cache: PageCache, key: str, request: HttpRequest
    ) -> tuple[HttpResponseBase, Entry | None]:
        """The response, and the page as readers who waited for it may be answered."""
        collector.start()
        try:
            response = self.get_response(request)
        finally:
            declared, tags = collector.finish()
        page = entry = None
        if declared and isinstance(response, HttpResponse) and _storable(response):
            try:
                page = cache.page(
                    epoch=int(request.META[EPOCH]),
                    status=response.status_code,
                    headers=response.items(),
                    body=response.content,
                    tags=tags,
                )
                if cache.keep(key, page, request.get_full_path()):
                    entry = page
            except Exception:
                logger.exception("page cache: could not store %s", request.path)
                cache.failed()
                page = None
        if entry is None:
            response[STATUS_HEADER] = "bypass"
            return _private(response), page
        # Answered from what was just stored: the first reader gets the same coding (brotli
        # too), validators and 304 as every later one, whichever process serves them.
        stored = _answer(entry, request.META)
        stored[STATUS_HEADER] = "miss"
        return stored, page


def _prepare(cache: PageCache, request: HttpRequest) -> tuple[str | None, Entry | None]:
    """The request's key and its cached page; on a miss the epoch is noted before anything
    is read. The WSGI entry did both already when it passed the request on."""
    meta = request.META
    if KEY in meta:
        return meta[KEY], None
    if not cache.available():
        return None, None
    try:
        key = cache.key_for(meta)
        if key is None:
            return None, None
        cached, seen = cache.probe(key)
        if cached is not None:
            return key, cached
        meta[EPOCH] = cache.versions.epoch()
        meta[SEEN] = seen
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return None, None
    meta[KEY] = key
    return key, None


def _epoch(cache: PageCache, noted: int) -> int:
    try:
        return cache.versions.epoch()
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return noted


def _lookup(cache: PageCache, key: str) -> Entry | None:
    try:
        return cache.lookup(key)
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return None


def _storable(response: HttpResponse) -> bool:
    if response.status_code not in CACHEABLE_STATUSES or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _private(response: HttpResponseBase) -> HttpResponseBase:
    """Pages for one reader: every cache but the browser's keeps its hands off."""
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, no-cache"
    if not response.has_header("Last-Modified") and response.status_code == 200:
        response["Last-Modified"] = http_date()
    return response


def _answer(entry: Entry, environ: Mapping[str, Any]) -> HttpResponseBase:
    status, headers, body = answer(entry, environ)
    response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
    for name, value in headers:
        if name != "Content-Length":  # Django sets it from the body (empty for HEAD)
            response[name] = value
    return response
