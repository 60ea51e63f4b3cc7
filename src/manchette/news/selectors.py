"""Reads the pages need, with their related rows fetched up front."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from manchette.news.models import Article, ArticleVersion, Figure, Provider, Section
from manchette.pagecache import tags
from manchette.pagecache.stamped import Stamped, stamped
from manchette.wires.dispatch import PubStatus


def visible_articles() -> QuerySet[Article]:
    """Articles a reader may see now: published and past any embargo.

    Every public surface (pages, listings, and later feeds, search, sitemaps)
    starts from here, so a kill or an embargo holds everywhere at once.
    """
    return Article.objects.filter(visible_q())


def visible_q(prefix: str = "") -> Q:
    """The condition of `visible_articles()`, on the article that `prefix` (`other__`) leads to."""
    now = timezone.now()
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED}) & (
        Q(**{f"{prefix}embargoed_until__isnull": True})
        | Q(**{f"{prefix}embargoed_until__lte": now})
    )


def _with_teaser_relations(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return (
        queryset.select_related("provider", "section", "section__parent")
        .prefetch_related(Prefetch("figures", queryset=Figure.objects.order_by("position")))
        .defer("body_html")
    )


def latest_articles() -> QuerySet[Article]:
    return _with_teaser_relations(visible_articles())


def section_articles(section: Section) -> QuerySet[Article]:
    """A section's articles, its sub-sections' included."""
    return _with_teaser_relations(
        visible_articles().filter(
            Q(section=section) | Q(section__path__startswith=f"{section.path}/")
        )
    )


def subtree_ids(section: Section) -> list[int]:
    """The section and its sub-sections, whose articles its page lists."""
    return list(
        Section.objects.filter(
            Q(pk=section.pk) | Q(path__startswith=f"{section.path}/")
        ).values_list("pk", flat=True)
    )


def provider_articles(provider: Provider) -> QuerySet[Article]:
    return _with_teaser_relations(visible_articles().filter(provider=provider))


# The articles being read, kept per process until a save (or comments being closed, or
# a change to sections and providers) bumps their tags: their page, rendered for each
# signed-in reader, reads nothing else that is costly.
_articles: Stamped[Article | None] = Stamped(1024)
_versions: Stamped[list[ArticleVersion]] = Stamped(1024)


def article_by_public_id(public_id: str) -> Article | None:
    """Any article with this id, whatever its status: the view decides 404, 410 or 200.

    Shared by the requests of the process: read it, never change it."""
    return _articles.get(public_id, lambda: _article_where(public_id), _article_tags)


def _article_where(public_id: str) -> Article | None:
    found = (
        Article.objects.select_related("provider", "section", "section__parent")
        .prefetch_related(Prefetch("figures", queryset=Figure.objects.order_by("position")))
        .filter(public_id=public_id)
    )
    return next(iter(found[:1]), None)  # public ids are unique: no ordering to add


def _article_tags(article: Article | None) -> tuple[str, ...] | None:
    if article is None:
        return None
    return (tags.article(article.pk), tags.SITE)


def is_visible(article: Article) -> bool:
    if article.status != Article.Status.PUBLISHED:
        return False
    return article.embargoed_until is None or article.embargoed_until <= timezone.now()


def section_by_path(path: str) -> Section | None:
    return Section.objects.select_related("parent").filter(path=path).first()


def navigation_sections() -> list[Section]:
    """Top-level sections for the site menu, in editorial order (kept until one changes)."""
    return stamped(
        (tags.SITE,),
        lambda: list(Section.objects.filter(parent=None).order_by("position", "name")),
    )


def published_versions(article: Article) -> list[ArticleVersion]:
    """The versions readers saw, oldest first (withheld and kill notices left out)."""
    return _versions.get(
        str(article.pk),
        lambda: list(
            article.versions.filter(pub_status=PubStatus.USABLE.value)
            .only("version", "version_created", "headline", "is_correction", "article_id")
            .order_by("version_created", "id")
        ),
        lambda _: (tags.article(article.pk),),
    )
