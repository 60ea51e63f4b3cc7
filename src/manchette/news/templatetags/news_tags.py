"""Template filters for news listings."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from manchette.news.models import Article, Section

register = template.Library()


@register.filter
def by_section(articles: Iterable[Article]) -> list[tuple[Section, list[Article]]]:
    """Articles grouped under their section, sections in order of their newest article."""
    groups: dict[int, tuple[Section, list[Article]]] = {}
    for article in articles:
        groups.setdefault(article.section_id, (article.section, []))[1].append(article)
    return list(groups.values())
