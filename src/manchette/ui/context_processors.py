from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from manchette.news.selectors import navigation_sections
from manchette.ui.theme import theme_for


def site(request: HttpRequest) -> dict[str, Any]:
    """What the base template needs on every page."""
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return {
        "site_name": settings.MANCHETTE_SITE_NAME,
        "theme": theme_for(request),
        "nav_sections": navigation_sections(),
        "current_language": current,
        "language_versions": [
            {
                "code": code,
                "name": name,
                "url": _translated(request.path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }


@lru_cache(maxsize=4096)
def _translated(path: str, code: str) -> str:
    # The address patterns are fixed at start: a path's translation never changes.
    return translate_url(path, code)
