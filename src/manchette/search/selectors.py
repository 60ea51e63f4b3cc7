"""Reads for the search page: ranked hits from the index, then the articles with their excerpts."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.safestring import SafeString

from manchette.news.models import Article, Figure, Provider, Section
from manchette.news.sanitize import plain_text
from manchette.news.selectors import is_visible
from manchette.search.analysis import group_of
from manchette.search.backends import backend_for
from manchette.search.backends.base import IndexFilters
from manchette.search.highlight import excerpt
from manchette.search.query import Query

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Filters:
    section: Section | None = None
    """The section and every section below it."""
    provider: Provider | None = None
    since: date | None = None
    """First day included, in the site's time zone."""
    until: date | None = None
    """Last day included."""


@dataclass(frozen=True, slots=True)
class Result:
    article: Article
    excerpt: SafeString
    """Escaped text with the matched words in `<mark>`."""


@dataclass(frozen=True, slots=True)
class Results:
    items: list[Result]
    total: int
    """How many articles match, counted up to `window` + 1."""
    window: int
    """How many matches are ranked at most: the newest ones."""
    page: Page[int]
    """Page arithmetic only (number, num_pages): its object list is a range."""

    @property
    def more(self) -> bool:
        """More articles match than are ranked ("more than `window` results")."""
        return self.total > self.window


def index_filters(filters: Filters) -> IndexFilters:
    section_ids = None
    if filters.section is not None:
        path = filters.section.path
        subtree = Section.objects.filter(Q(pk=filters.section.pk) | Q(path__startswith=f"{path}/"))
        section_ids = tuple(subtree.values_list("pk", flat=True))
    return IndexFilters(
        section_ids=section_ids,
        provider_id=filters.provider.pk if filters.provider is not None else None,
        since=_day_start(filters.since) if filters.since is not None else None,
        until=_day_start(filters.until, days_after=1) if filters.until is not None else None,
    )


def search(query: Query, filters: Filters, *, number: int, per_page: int) -> Results | None:
    """Page `number` of the results, best first; None when the page is past the last one."""
    hits = backend_for().search(
        query,
        index_filters(filters),
        now=timezone.now(),
        limit=per_page,
        offset=(number - 1) * per_page,
    )
    try:
        page = Paginator(range(min(hits.total, hits.window)), per_page).page(number)
    except EmptyPage:
        return None
    # By primary key, then the news app's own visibility rule (`visible_articles()`
    # for one article): an index that missed a kill or an embargo shows nothing more.
    found = {
        article.pk: article
        for article in Article.objects.filter(pk__in=hits.ids)
        .select_related("provider", "section")
        .prefetch_related(Prefetch("figures", queryset=Figure.objects.order_by("position")))
        if is_visible(article)
    }
    if len(found) < len(hits.ids):
        logger.warning(
            "search index holds hidden articles %s: run `manchette reindex`",
            sorted(set(hits.ids) - set(found)),
        )
    items = []
    for article_id in hits.ids:
        if (article := found.get(article_id)) is not None:
            group = group_of(article.language)
            text = f"{article.standfirst} {plain_text(article.body_html)}"
            items.append(Result(article, excerpt(text, group, query.keys_for(group))))
    hidden = len(hits.ids) - len(items)
    return Results(items=items, total=hits.total - hidden, window=hits.window, page=page)


def section_choices() -> list[tuple[str, str]]:
    """Every section as (path, "Économie › Entreprises"), in the order of the menu tree."""
    sections = list(Section.objects.all())
    by_parent: dict[int | None, list[Section]] = {}
    for section in sections:
        by_parent.setdefault(section.parent_id, []).append(section)
    choices: list[tuple[str, str]] = []

    def walk(parent: int | None, prefix: str) -> None:
        for section in sorted(by_parent.get(parent, []), key=lambda s: (s.position, s.name)):
            label = f"{prefix}{section.display_name}"
            choices.append((section.path, label))
            walk(section.pk, f"{label} › ")

    walk(None, "")
    return choices


def provider_choices() -> list[tuple[str, str]]:
    return [(p.slug, p.name) for p in Provider.objects.order_by("name").only("slug", "name")]


def section_by_path(path: str) -> Section | None:
    return Section.objects.filter(path=path).first()


def provider_by_slug(slug: str) -> Provider | None:
    return Provider.objects.filter(slug=slug).first()


def _day_start(day: date, days_after: int = 0) -> datetime | None:
    """Midnight starting `day` (+ `days_after`) in the site's time zone; None past the
    calendar's ends (year 1, year 9999), where the filter would exclude nothing anyway."""
    try:
        moment = datetime.combine(day + timedelta(days=days_after), time.min)
        return timezone.make_aware(moment).astimezone(UTC)
    except (OverflowError, ValueError):
        return None
