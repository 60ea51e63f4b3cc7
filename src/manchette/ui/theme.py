"""The reader's contrast choice, kept in a long-lived cookie the server reads."""

from __future__ import annotations

from django.http import HttpRequest

COOKIE_NAME = "contraste"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept
HIGH = "high"
DEFAULT = "default"
AUTO = "auto"
"""No choice made: the page follows `prefers-contrast` from the reader's system."""


def theme_for(request: HttpRequest) -> str:
    value = request.COOKIES.get(COOKIE_NAME, "")
    return value if value in (HIGH, DEFAULT) else AUTO
