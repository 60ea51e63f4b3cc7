"""Timestamps in the formats the page anatomy gives, per locale, through Babel."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

# CLDR patterns; month names and the like come from Babel's locale data.
PATTERNS: dict[str, dict[str, str]] = {
    "article": {"fr": "dd/MM/yyyy 'à' HH:mm", "en": "d MMM yyyy, HH:mm"},
    "comment": {"fr": "d MMMM HH:mm", "en": "d MMMM HH:mm"},
    "comment_with_year": {"fr": "d MMMM yyyy HH:mm", "en": "d MMMM yyyy HH:mm"},
    "compact": {"fr": "dd.MM.yyyy HH:mm", "en": "dd.MM.yyyy HH:mm"},
}


def _locale() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in PATTERNS["article"] else "fr"


def format_moment(value: datetime, style: str, *, locale: str | None = None) -> str:
    """`value` in the site's time zone, written in `style` for the active language."""
    locale = locale or _locale()
    zone = ZoneInfo(settings.TIME_ZONE)
    local = value.astimezone(zone)
    if style == "comment" and local.year != timezone.now().astimezone(zone).year:
        style = "comment_with_year"
    return format_datetime(local, PATTERNS[style][locale], tzinfo=zone, locale=locale)
