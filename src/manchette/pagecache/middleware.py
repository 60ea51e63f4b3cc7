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
    DRAWN,
    EPOCH,
    KEY,
    SEEN,
    STATUS_HEADER,
    PageCache,
    answer,
    may_lag,
    page_cache,
    renders_relay,
)
from manchette.pagecache.entries import Entry
from manchette.pagecache.relay import Relay

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        cache = page_cache()
        if cache is None:
            return _private(self.get_response(request))
        key, cached, lagging = _prepare(cache, request)
        if cached is not None:
            return _answer(cached, request.META, lagging=lagging)
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
            stand_in, lags = _stand_in(cache, key, meta)
            if stand_in is not None:
                return _answer(stand_in, meta, lagging=lags)
            if not flight.wait(deadline - time.monotonic()) or flight.page is None:
                stand_in, lags = _stand_in(cache, key, meta)  # the leader may have taken one
                if stand_in is not None:
                    return _answer(stand_in, meta, lagging=lags)
                return self._render(cache, key, request)[0]  # late, or not to be shared
            if flights.new_enough(flight.page, flight.epoch, seen, arrived):
                return _answer(flight.page, meta)
            stored = _lookup(cache, key)  # by a render in another process meanwhile
            if stored is not None:
                return _answer(stored, meta)
            # The render began before a change this reader must see: share the next one.
        # Noted again: a reader who waited for a render too old for them starts later.
        epoch = _note(cache, meta, arrived)
        page = None
        relay = renders_relay()
        # A reader who may be answered while another process renders is not kept waiting.
        stand_in, lags = _stand_in(cache, key, meta)
        try:
            with relay.turn(key, time.monotonic() if stand_in else deadline) as turn:
                if not turn.waited and may_lag(meta):
                    # Another process's render, left in the slot, may do within the lag.
                    drawn, lags = _drawn_elsewhere(cache, relay, key)
                    if drawn is not None:
                        return _answer(drawn, meta, lagging=lags)
                if turn.waited:  # for another process's render of this page
                    other = relay.taken(key)
                    if other is not None and flights.new_enough(
                        other.page, other.epoch, seen, arrived
                    ):
                        page, epoch = other.page, other.epoch
                        cache.adopt(key, page)
                        return _answer(page, meta)
                    if stand_in is not None and not turn.held:
                        return _answer(stand_in, meta, lagging=lags)
                    epoch = _note(cache, meta, arrived)
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
                    drawn=float(request.META[DRAWN]),
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
        if stored[STATUS_HEADER] != "stale":  # already behind a change: `_answer`
            stored[STATUS_HEADER] = "miss"
        return stored, page


def _prepare(cache: PageCache, request: HttpRequest) -> tuple[str | None, Entry | None, bool]:
    """The request's key, its cached page and whether that lags behind its comments; on a
    miss the epoch is noted before anything is read. The WSGI entry did both already when
    it passed the request on."""
    meta = request.META
    if KEY in meta:
        return meta[KEY], None, False
    if not cache.available():
        return None, None, False
    try:
        key = cache.key_for(meta)
        if key is None:
            return None, None, False
        cached, seen = cache.probe(key, may_lag=may_lag(meta))
        if cached is not None:
            return key, cached, bool(seen)
        meta[DRAWN] = time.time()
        meta[EPOCH] = cache.versions.epoch()
        meta[SEEN] = seen
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return None, None, False
    meta[KEY] = key
    return key, None, False


def _note(cache: PageCache, meta: dict[str, Any], noted: int) -> int:
    """Note the epoch (and the time) a render begins at; the one noted on arrival if the
    versions cannot be read."""
    meta[DRAWN] = time.time()
    try:
        meta[EPOCH] = cache.versions.epoch()
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        meta[EPOCH] = noted
    return int(meta[EPOCH])


def _drawn_elsewhere(cache: PageCache, relay: Relay, key: str) -> tuple[Entry | None, bool]:
    """The page another process of the machine last rendered for `key`, kept here, and
    whether it lags, if it may be served: under a stream of comments each process would
    otherwise redraw every page once per lag."""
    other = relay.taken(key)
    if other is None:
        return None, False
    try:
        return cache.adopt(key, other.page)
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return None, False


def _stand_in(cache: PageCache, key: str, meta: Mapping[str, Any]) -> tuple[Entry | None, bool]:
    if not may_lag(meta):
        return None, False
    try:
        return cache.stand_in(key)
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return None, False


def _lookup(cache: PageCache, key: str) -> Entry | None:
    try:
        return cache.lookup(key)
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return None


def _behind(entry: Entry) -> bool:
    cache = page_cache()
    if cache is None:
        return False
    try:
        return cache.behind(entry)
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return True  # unknown: no proxy keeps it


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


def _answer(entry: Entry, environ: Mapping[str, Any], *, lagging: bool = False) -> HttpResponseBase:
    # A change to what the page shows may have come while it was drawn (or while this
    # reader waited for it). The reader still gets it, but a proxy must not keep it: it
    # could store it after the refresh that change asked for, and keep it for as long as
    # proxies may keep a page.
    lagging = lagging or _behind(entry)
    status, headers, body = answer(entry, environ, lagging=lagging)
    response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
    for name, value in headers:
        if name != "Content-Length":  # Django sets it from the body (empty for HEAD)
            response[name] = value
    return response
