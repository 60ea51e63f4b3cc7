from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from manchette.news.models import Article
from manchette.pagecache import blocks, tags
from manchette.popularity import selectors, tokens
from manchette.popularity.windows import DEFAULT, SITE

register = template.Library()

VISIBLE_SECONDS = 3
"""How long a page must have been visible before its view counts."""


@register.inclusion_tag("popularity/_most_popular.html", takes_context=True)
def most_popular(context: template.Context, article: Article) -> dict[str, Any]:
    """Anatomy 14 under an article: the most read articles, and the beacon counting this view."""
    ids = selectors.ranked_ids(
        scope=SITE, window=DEFAULT, limit=selectors.BLOCK_SIZE + selectors.SPARE
    )
    # The list is the same under every article but the one it marks as the current page.
    current_id = article.pk if article.pk in ids else 0
    language = context.get("current_language", "")

    def render() -> SafeString:
        return blocks.rendered(
            "popularity/_most_popular_list.html",
            {
                "popular": selectors.visible_of(ids),
                "window": DEFAULT,
                "current_id": current_id,
                "current_language": language,
            },
        )

    listed = blocks.kept(
        f"popular {DEFAULT.slug} {current_id} {','.join(map(str, ids))}",
        render,
        # The spare ids too: one released from its embargo takes its place in the list.
        names=[tags.article(pk) for pk in ids],
    )
    return {
        "popular_html": listed,
        "beacon_url": tokens.beacon_url(article.public_id),
        "visible_ms": VISIBLE_SECONDS * 1000,
    }
