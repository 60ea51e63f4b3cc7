"""`{% read_also article %}`: the read-also block under an article."""

from __future__ import annotations

from typing import Any

from django import template

from manchette.news.models import Article
from manchette.related.selectors import read_also as read_also_of
from manchette.related.services import ensure_indexed

register = template.Library()


@register.inclusion_tag("related/read_also.html", takes_context=True)
def read_also(context: template.Context, article: Article) -> dict[str, Any]:
    ensure_indexed(article)
    return {
        "teasers": read_also_of(article),
        "current_language": context.get("current_language", ""),
    }
