"""Stores the pages views declare cacheable, answers from the cache, sets caching headers.

First in MIDDLEWARE, so what it stores carries every header the others add.
The WSGI entry (`pagecache.wsgi`) answers cached pages before Django; this
middleware answers them too for servers that don't use that entry (tests,
`runserver`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.http import http_date

from manchette.pagecache import collector, flights
from manchette.pagecache.cache import (
    CACHEABLE_STATUSES,
    EPOCH,
    KEY,
    STATUS_HEADER,
    PageCache,
    answer,
    page_cache,
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
        with flights.leading(key) as leader:
            if not leader:
                rendered = _lookup(cache, key)
                if rendered is not None:
                    return _answer(rendered, request.META)
            return self._render(cache, key, request)

    def _render(self, cache: PageCache, key: str, request: HttpRequest) -> HttpResponseBase:
        collector.start()
        try:
            response = self.get_response(request)
        finally:
            declared, tags = collector.finish()
        entry = None
        if declared and isinstance(response, HttpResponse) and _storable(response):
            try:
                entry = cache.store(
                    key,
                    path=request.get_full_path(),
                    epoch=int(request.META[EPOCH]),
                    status=response.status_code,
                    headers=response.items(),
                    body=response.content,
                    tags=tags,
                )
            except Exception:
                logger.exception("page cache: could not store %s", request.path)
                cache.failed()
        if entry is None:
            response[STATUS_HEADER] = "bypass"
            return _private(response)
        # Answered from what was just stored: the first reader gets the same coding (brotli
        # too), validators and 304 as every later one, whichever process serves them.
        stored = _answer(entry, request.META)
        stored[STATUS_HEADER] = "miss"
        return stored


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
        cached = cache.lookup(key)
        if cached is not None:
            return key, cached
        meta[EPOCH] = cache.versions.epoch()
    except Exception:
        logger.exception("page cache unavailable")
        cache.failed()
        return None, None
    meta[KEY] = key
    return key, None


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
