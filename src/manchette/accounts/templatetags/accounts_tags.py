"""Template filters for the account entry of the site header."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import HttpRequest

register = template.Library()


@register.filter
def signed_in(request: HttpRequest) -> bool:
    """Whether a reader is logged in, without opening a session for those who have none.

    Reading `request.user` loads the session and makes the response vary on
    cookies; a reader without a session cookie cannot be logged in, and their
    page stays the same for everyone (cacheable).
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(request.user.is_authenticated)
