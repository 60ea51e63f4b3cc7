"""What feeds and sitemaps may show: visible articles, licences respected."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from manchette.news.models import Article, Figure, Provider, Section
from manchette.news.selectors import visible_articles

FEED_LENGTH = 50
NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000


def feed_articles(scope: Section | Provider | None) -> QuerySet[Article]:
    """The newest articles of a feed's scope whose provider allows redistribution."""
    articles = scope_articles(scope) & visible_articles().filter(provider__syndication_allowed=True)
    return (
        articles.select_related("provider", "section")
        .prefetch_related(Prefetch("figures", queryset=Figure.objects.order_by("position")))
        .order_by("-published_at", "-id")[:FEED_LENGTH]
    )


def scope_articles(scope: Section | Provider | None) -> QuerySet[Article]:
    """Every article of a scope, whatever its status."""
    if isinstance(scope, Section):
        return Article.objects.filter(
            Q(section=scope) | Q(section__path__startswith=f"{scope.path}/")
        )
    if isinstance(scope, Provider):
        return Article.objects.filter(provider=scope)
    return Article.objects.all()


def last_change(scope: Section | Provider | None) -> datetime | None:
    """When the scope's feed last changed: a new version, a kill, or an embargo lifting.

    Taken over every article of the scope, killed ones included, so a kill
    moves it forward and a client revalidating with If-Modified-Since sees it.
    """
    articles = scope_articles(scope)
    now = timezone.now()
    figures = articles.aggregate(
        modified=Max("modified_at"),
        lifted=Max("embargoed_until", filter=Q(embargoed_until__lte=now)),
    )
    moments = [m for m in (figures["modified"], figures["lifted"]) if m is not None]
    return max(moments) if moments else None


def sitemap_articles() -> QuerySet[Article]:
    return visible_articles().select_related("section").order_by("-published_at", "-id")


def news_sitemap_articles() -> QuerySet[Article]:
    """Google News wants the last two days only, at most a thousand."""
    since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
    return (
        visible_articles()
        .filter(published_at__gte=since)
        .select_related("section")
        .order_by("-published_at", "-id")[:NEWS_SITEMAP_LIMIT]
    )
