"""Template filters for dates, excerpts and machine-readable data."""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from manchette.ui.dates import format_moment
from manchette.ui.text import excerpt as cut_excerpt
from manchette.ui.text import shorten as cut_shorten

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def moment(value: datetime, style: str = "article") -> SafeString:
    """A `<time>` element: machine-readable ISO date, human text in the page's format."""
    # Built directly: through format_html it took longer than the formatting (every
    # comment shows one).
    text = html.escape(format_moment(value, style))
    return mark_safe(f'<time datetime="{value.isoformat()}">{text}</time>')  # noqa: S308 - escaped


@register.filter
def excerpt(text: str, limit: int = 200) -> str:
    return cut_excerpt(text, int(limit))


@register.filter
def shorten(text: str, limit: int = 160) -> str:
    return cut_shorten(text, int(limit))


@register.filter
def json_ld(data: Any) -> SafeString:
    """JSON safe to place inside `<script type="application/ld+json">`."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308
