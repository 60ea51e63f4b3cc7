from __future__ import annotations

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
                "url": translate_url(request.path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }
