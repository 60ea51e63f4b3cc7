from __future__ import annotations

from typing import Any

from django import template

from manchette.news.models import Article
from manchette.popularity import selectors, tokens
from manchette.popularity.windows import DEFAULT

register = template.Library()

VISIBLE_SECONDS = 3
"""How long a page must have been visible before its view counts."""


@register.inclusion_tag("popularity/_most_popular.html", takes_context=True)
def most_popular(context: template.Context, article: Article) -> dict[str, Any]:
    """Anatomy 14 under an article: the most read articles, and the beacon counting this view."""
    return {
        "popular": selectors.most_popular(window=DEFAULT),
        "window": DEFAULT,
        "article": article,
        "current_language": context.get("current_language", ""),
        "beacon_url": tokens.beacon_url(article.public_id),
        "visible_ms": VISIBLE_SECONDS * 1000,
    }
