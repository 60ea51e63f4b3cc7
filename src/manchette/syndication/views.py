"""Feed, sitemap and robots.txt views, with conditional GET on the feeds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import condition

from manchette.news.models import Provider, Section
from manchette.syndication import selectors
from manchette.syndication.feeds import ArticlesAtomFeed, ArticlesFeed


def _scope(kwargs: dict[str, Any]) -> Section | Provider | None:
    if "section_path" in kwargs:
        return Section.objects.filter(path=kwargs["section_path"]).first()
    if "slug" in kwargs:
        return Provider.objects.filter(slug=kwargs["slug"]).first()
    return None


def _last_modified(request: HttpRequest, **kwargs: Any) -> datetime | None:
    return selectors.last_change(_scope(kwargs))


def _etag(request: HttpRequest, **kwargs: Any) -> str:
    """Changes whenever the items a reader would get change, in either language."""
    items = selectors.feed_articles(_scope(kwargs)).values_list("public_id", "version", "slug")
    digest = hashlib.sha256(repr((get_language(), list(items))).encode()).hexdigest()
    return digest[:32]


def feed(feed_class: type[ArticlesFeed]) -> Callable[..., HttpResponse]:
    return condition(etag_func=_etag, last_modified_func=_last_modified)(feed_class())


rss = feed(ArticlesFeed)
atom = feed(ArticlesAtomFeed)


def news_sitemap(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "syndication/news_sitemap.xml",
        {
            "articles": selectors.news_sitemap_articles(),
            "publication": settings.MANCHETTE_SITE_NAME,
            "base": request.build_absolute_uri("/").rstrip("/"),
        },
        content_type="application/xml; charset=utf-8",
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /contraste",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
