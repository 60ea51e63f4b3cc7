"""Home, section, provider and article pages. Thin: reads come from selectors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from manchette.comments.templatetags import comments_tags
from manchette.news import selectors
from manchette.news.models import Article, Provider, Section
from manchette.news.pagination import paginate
from manchette.pagecache import depends_on, shells, tags
from manchette.syndication import structured_data
from manchette.ui.text import shorten

_OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def _listing_page(
    request: HttpRequest,
    *,
    articles: QuerySet[Article],
    base_url: str,
    page: str | None,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """One `/page-N` of a listing; `/page-1` redirects to the listing's own address."""
    if page is not None and int(page) == 1:
        return HttpResponsePermanentRedirect(base_url)
    listing = paginate(
        articles,
        number=int(page) if page else 1,
        per_page=settings.MANCHETTE_PAGE_SIZE,
        base_url=base_url,
    )
    return render(request, template, {**context, "listing": listing})


def home(request: HttpRequest, page: str | None = None) -> HttpResponse:
    depends_on(tags.HOME)
    return _listing_page(
        request,
        articles=selectors.latest_articles(),
        base_url=reverse("news:home"),
        page=page,
        template="news/home.html",
        context={},
    )


def section_page(request: HttpRequest, section_path: str, page: str | None = None) -> HttpResponse:
    section = selectors.section_by_path(section_path)
    if section is None:
        raise Http404(_("No such section."))
    depends_on(*(tags.section(pk) for pk in selectors.subtree_ids(section)))
    return _listing_page(
        request,
        articles=selectors.section_articles(section),
        base_url=section.get_absolute_url(),
        page=page,
        template="news/section.html",
        context={
            "section": section,
            "current_section_path": section.lineage()[0].path,
            "structured_data": structured_data.breadcrumb_list(_crumbs(request, section)),
        },
    )


def provider_page(request: HttpRequest, slug: str, page: str | None = None) -> HttpResponse:
    provider = get_object_or_404(Provider, slug=slug)
    depends_on(tags.provider(provider.pk))
    return _listing_page(
        request,
        articles=selectors.provider_articles(provider),
        base_url=provider.get_absolute_url(),
        page=page,
        template="news/provider.html",
        context={"provider": provider},
    )


def article_detail(
    request: HttpRequest, section_path: str, slug: str, public_id: str
) -> HttpResponse:
    article = selectors.article_by_public_id(public_id)
    if article is None:
        raise Http404(_("No such article."))
    if article.status == Article.Status.KILLED:
        depends_on(tags.article(article.pk))
        return render(request, "news/article_gone.html", {"article": article}, status=410)
    if not selectors.is_visible(article):
        # Withheld or under embargo: as far as readers know, it does not exist yet.
        raise Http404(_("No such article."))
    canonical = article.get_absolute_url()
    if request.path != canonical:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)
    depends_on(tags.article(article.pk), tags.comments(article.pk), tags.read_also(article.pk))
    kept = shells.around(
        request,
        lambda: render_to_string(
            "news/article.html", _article_context(request, article, canonical), request
        ),
        lambda: comments_tags.section_html(
            request, article, language_code=get_language() or settings.LANGUAGE_CODE
        ),
        names=[tags.article(article.pk), tags.read_also(article.pk)],
    )
    if kept is not None:
        return HttpResponse(kept)
    return render(request, "news/article.html", _article_context(request, article, canonical))


def _article_context(request: HttpRequest, article: Article, canonical: str) -> dict[str, Any]:
    figure = next(iter(article.figures.all()), None)
    versions = selectors.published_versions(article)
    corrections = [v for v in versions if v.is_correction]
    canonical_url = request.build_absolute_uri(canonical)
    figure_url = request.build_absolute_uri(figure.image.url) if figure else ""
    page_language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return {
        "article": article,
        "figure": figure,
        "figure_url": figure_url,
        "versions": versions,
        "last_correction": corrections[-1] if corrections else None,
        "canonical_url": canonical_url,
        "content_lang": "" if article.content_language == page_language else article.language,
        "og_locale": _OG_LOCALES.get(page_language, page_language),
        "current_section_path": article.section.lineage()[0].path,
        "structured_data": [
            structured_data.news_article(
                article,
                url=canonical_url,
                figure=figure,
                figure_url=figure_url,
                description=shorten(article.summary_text, 200),
            ),
            structured_data.breadcrumb_list(_crumbs(request, article.section)),
        ],
    }


def _crumbs(request: HttpRequest, section: Section) -> list[tuple[str, str]]:
    home = (_("Home"), request.build_absolute_uri(reverse("news:home")))
    return [home] + [
        (node.display_name, request.build_absolute_uri(node.get_absolute_url()))
        for node in section.lineage()
    ]
