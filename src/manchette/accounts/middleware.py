"""Django's authentication middleware, looking the reader up with the session's own read.

`request.user` is resolved as Django resolves it (`auth.get_user`: the
session's account, its backend, the session hash check), inside
`sessions.reading_for`, so the account row the session read brought along
serves instead of a second statement.
"""

from __future__ import annotations

from typing import Any

from django.contrib import auth
from django.contrib.auth import middleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from manchette.accounts import sessions


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]


def _user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        with sessions.reading_for(request.session):
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]
