"""RSS 2.0 and Atom 1.0 for the site, each section and each provider.

A feed item keeps one id for life (built from the article's stable public
id, not its URL, which changes with its headline); an update changes its
`updated` date only. Pictures travel as an enclosure and as Media RSS.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from manchette.news.models import Article, Figure, Provider, Section
from manchette.syndication import selectors

MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"


class _MediaMixin(SyndicationFeed):
    def _add_media(self, handler: Any, item: dict[str, Any]) -> None:
        picture = item.get("picture")
        if not picture:
            return
        handler.startElement(
            "media:content",
            {
                "url": picture["url"],
                "type": picture["type"],
                "medium": "image",
                "width": str(picture["width"]),
                "height": str(picture["height"]),
            },
        )
        if picture["credit"]:
            handler.addQuickElement("media:credit", picture["credit"])
        if picture["caption"]:
            handler.addQuickElement("media:description", picture["caption"])
        handler.endElement("media:content")


class MediaRssFeed(Rss201rev2Feed, _MediaMixin):
    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NAMESPACE}

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        self._add_media(handler, item)


class MediaAtomFeed(Atom1Feed, _MediaMixin):
    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:media": MEDIA_NAMESPACE}

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        self._add_media(handler, item)


Scope = Section | Provider | None


class ArticlesFeed(Feed):  # type: ignore[type-arg]
    feed_type: type[SyndicationFeed] = MediaRssFeed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Scope:
        self.request = request
        if "section_path" in kwargs:
            section = Section.objects.filter(path=kwargs["section_path"]).first()
            if section is None:
                raise Http404
            return section
        if "slug" in kwargs:
            provider = Provider.objects.filter(slug=kwargs["slug"]).first()
            if provider is None:
                raise Http404
            return provider
        return None

    def title(self, scope: Scope) -> str:
        site = settings.MANCHETTE_SITE_NAME
        if isinstance(scope, Section):
            return f"{scope.display_name} – {site}"
        if isinstance(scope, Provider):
            return f"{scope.name} – {site}"
        return site

    def link(self, scope: Scope) -> str:
        return scope.get_absolute_url() if scope is not None else "/"

    def description(self, scope: Scope) -> str:
        if isinstance(scope, Section):
            return _("The latest news in %(name)s.") % {"name": scope.display_name}
        if isinstance(scope, Provider):
            return _("The latest news provided by %(name)s.") % {"name": scope.name}
        return _("News as it happens, from the agencies we work with.")

    subtitle = description

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # Django dates the feed by its newest item; a kill or an embargo lifting
        # changes the feed without a newer item, so the view dates it instead.
        del response["Last-Modified"]
        return response

    def items(self, scope: Scope) -> list[Article]:
        return list(selectors.feed_articles(scope))

    def item_title(self, article: Article) -> str:
        return article.headline

    def item_description(self, article: Article) -> str:
        return article.summary_text

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_guid(self, article: Article) -> str:
        return f"urn:manchette:article:{article.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, article: Article) -> Any:
        return article.published_at

    def item_updateddate(self, article: Article) -> Any:
        return article.updated_at or article.published_at

    def item_author_name(self, article: Article) -> str:
        return article.byline or article.provider.name

    def item_categories(self, article: Article) -> list[str]:
        return [article.section.name, article.provider.name]

    def item_enclosures(self, article: Article) -> list[Enclosure]:
        figure = _figure(article)
        if figure is None:
            return []
        return [
            Enclosure(self._absolute(figure.image.url), str(figure.image.size), _mime_type(figure))
        ]

    def item_extra_kwargs(self, article: Article) -> dict[str, Any]:
        figure = _figure(article)
        if figure is None:
            return {}
        return {
            "picture": {
                "url": self._absolute(figure.image.url),
                "type": _mime_type(figure),
                "width": figure.width,
                "height": figure.height,
                "credit": figure.credit,
                "caption": figure.caption,
            }
        }

    def _absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = MediaAtomFeed


def _figure(article: Article) -> Figure | None:
    return next(iter(article.figures.all()), None)


def _mime_type(figure: Figure) -> str:
    name = (figure.image.name or "").lower()
    for suffix, kind in ((".png", "image/png"), (".webp", "image/webp"), (".gif", "image/gif")):
        if name.endswith(suffix):
            return kind
    return "image/jpeg"
