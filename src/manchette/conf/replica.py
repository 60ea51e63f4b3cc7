"""Reads from a replica where a stale row can do no harm, everything else on the primary.

With `DATABASE_REPLICA_URL` set, a request reads from the replica only when
it changes nothing (GET or HEAD), comes from a signed-in reader (whose pages
the page cache never stores: a stored page must be built from the rows
whose commit expired it, and anonymous requests mostly never reach the
database anyway) and that reader has not written in the last few seconds
(so a reader who just commented sees the comment). Everything else, the
background work and the commands included, reads and writes the primary.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from manchette.pagecache.cache import KEY

REPLICA = "replica"
PRIMARY = "default"
WROTE_COOKIE = "manchette_ecrit"
"""Set for a few seconds after a reader's write: their next pages come from the primary."""
WROTE_SECONDS = 10

_on_replica: ContextVar[bool] = ContextVar("manchette_on_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        return REPLICA if _on_replica.get() else PRIMARY

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.enabled = REPLICA in settings.DATABASES

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not self.enabled:
            return self.get_response(request)
        safe = request.method in ("GET", "HEAD")
        token = _on_replica.set(
            safe and not request.META.get(KEY) and WROTE_COOKIE not in request.COOKIES
        )
        try:
            response = self.get_response(request)
        finally:
            _on_replica.reset(token)
        if not safe and response.status_code < 400:
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=WROTE_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
