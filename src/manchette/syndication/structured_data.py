"""schema.org data for search engines and aggregators."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static

from manchette.news import crops
from manchette.news.models import Article, Figure

# A raster logo: Google reads no SVG in structured data.
DEFAULT_LOGO = "ui/manchette-logo.png"


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
        "publisher": publisher(base=url),
    }
    if article.byline:
        data["author"] = [{"@type": "Person", "name": article.byline}]
    else:
        data["author"] = [{"@type": "Organization", "name": article.provider.name}]
    if figure is not None:
        images = _images(figure, figure_url, base=url)
        if images:
            data["image"] = images
    return data


def _images(figure: Figure, figure_url: str, *, base: str) -> list[dict[str, Any]]:
    """The figure's square, 4:3 and 16:9 crops, or the picture itself when too small to crop.

    Google skips pictures under 50,000 pixels, so one that small is left out.
    """
    sizes = [
        (urljoin(base, default_storage.url(crop.name)), crop.width, crop.height)
        for crop in crops.plan(figure.image.name or "", figure.width, figure.height)
    ]
    if not sizes and figure.width * figure.height >= crops.MIN_PIXELS:
        sizes = [(figure_url, figure.width, figure.height)]
    return [
        {
            "@type": "ImageObject",
            "url": image_url,
            "width": width,
            "height": height,
            "caption": figure.caption,
            "creditText": figure.credit,
        }
        for image_url, width, height in sizes
    ]


def publisher(*, base: str) -> dict[str, Any]:
    """The site as a schema.org `Organization`, with its logo as an absolute address."""
    logo = settings.MANCHETTE_PUBLISHER_LOGO or DEFAULT_LOGO
    if not urlsplit(logo).scheme:
        logo = urljoin(base, static(logo))
    return {
        "@type": "Organization",
        "name": settings.MANCHETTE_SITE_NAME,
        "url": urljoin(base, "/"),
        "logo": {"@type": "ImageObject", "url": logo},
    }


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
