"""The fast path: cached pages answered before Django sees the request.

A hit costs a cookie parse, a dictionary lookup and a version check (memory
loads, and with Redis a look for its change notices, one system call); no
request object, no middleware, no database connection.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from manchette.pagecache.cache import DRAWN, EPOCH, KEY, SEEN, answer, may_lag, page_cache

logger = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}


def with_page_cache(application: WSGIApp) -> WSGIApp:
    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        cache = page_cache()
        if cache is None:
            return application(environ, start_response)
        if not cache.available():
            environ[KEY] = None
            return application(environ, start_response)
        try:
            key = cache.key_for(environ)
            if key is None:
                return application(environ, start_response)
            entry, seen = cache.probe(key, may_lag=may_lag(environ))
            if entry is None:
                environ[DRAWN] = time.time()
                environ[EPOCH] = cache.versions.epoch()
                environ[SEEN] = seen
                environ[KEY] = key
                return application(environ, start_response)
        except Exception:
            logger.exception("page cache unavailable")
            cache.failed()
            environ[KEY] = None
            return application(environ, start_response)
        status, headers, body = answer(entry, environ, lagging=bool(seen))
        start_response(_STATUS_LINES[status], headers)
        return [body]

    return serve
