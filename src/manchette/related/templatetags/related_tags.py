"""`{% read_also article %}`: the read-also block under an article."""

from __future__ import annotations

from typing import Any

from django import template

from manchette.news.models import Article
from manchette.related.models import Pending
from manchette.related.selectors import read_also as read_also_of
from manchette.related.services import ensure_indexed

register = template.Library()


@register.inclusion_tag("related/read_also.html", takes_context=True)
def read_also(context: template.Context, article: Article) -> dict[str, Any]:
    teasers = read_also_of(article)
    # A queued article is ranked at its first view when it has no block yet. One that has
    # (an update queued it again) shows it until the background pass, seconds later, whose
    # new ranking expires the page: the queue is not read on every view.
    if not teasers and Pending.objects.filter(article_id=article.pk).exists():
        ensure_indexed(article)
        teasers = read_also_of(article)
    return {
        "teasers": teasers,
        "current_language": context.get("current_language", ""),
    }
