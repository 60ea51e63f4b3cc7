"""Sitemaps: every visible article and listing, and a Google News sitemap."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from manchette.news.models import Article, Provider, Section
from manchette.syndication import selectors


class ArticleSitemap(Sitemap[Article]):
    limit = 5000  # pages of 5,000 URLs: well under the 50,000 the protocol allows
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> QuerySet[Article]:
        return selectors.sitemap_articles()

    def lastmod(self, article: Article) -> datetime:
        return article.updated_at or article.published_at


class SectionSitemap(Sitemap[Section]):
    i18n = True
    alternates = True
    changefreq = "hourly"

    def items(self) -> QuerySet[Section]:
        return Section.objects.order_by("position", "path")


class ProviderSitemap(Sitemap[Provider]):
    i18n = True
    alternates = True
    changefreq = "hourly"

    def items(self) -> QuerySet[Provider]:
        return Provider.objects.filter(articles__isnull=False).distinct().order_by("slug")


SITEMAPS = {
    "articles": ArticleSitemap,
    "rubriques": SectionSitemap,
    "fournisseurs": ProviderSitemap,
}
