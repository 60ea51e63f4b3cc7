"""schema.org data for search engines and aggregators."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from manchette.news.models import Article, Figure


def news_article(
    article: Article, *, url: str, figure: Figure | None, figure_url: str, description: str
) -> dict[str, Any]:
    """A schema.org `NewsArticle` for the article page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": description,
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.updated_at or article.published_at).isoformat(),
        "articleSection": article.section.name,
        "isAccessibleForFree": True,
        "sourceOrganization": {"@type": "Organization", "name": article.provider.name},
        "publisher": {"@type": "Organization", "name": settings.MANCHETTE_SITE_NAME},
    }
    if article.byline:
        data["author"] = [{"@type": "Person", "name": article.byline}]
    else:
        data["author"] = [{"@type": "Organization", "name": article.provider.name}]
    if figure is not None:
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": figure_url,
                "width": figure.width,
                "height": figure.height,
                "caption": figure.caption,
                "creditText": figure.credit,
            }
        ]
    return data


def breadcrumb_list(items: list[tuple[str, str]]) -> dict[str, Any]:
    """A schema.org `BreadcrumbList` from (name, absolute URL) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(items, start=1)
        ],
    }
