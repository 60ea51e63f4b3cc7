"""`{% read_also article %}`: the read-also block under an article."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from manchette.news.models import Article
from manchette.pagecache import blocks, tags
from manchette.related.models import Pending
from manchette.related.selectors import read_also as read_also_of
from manchette.related.services import ensure_indexed

register = template.Library()


@register.simple_tag(takes_context=True)
def read_also(context: template.Context, article: Article) -> SafeString:
    language = context.get("current_language", "")

    def render() -> SafeString:
        teasers = read_also_of(article)
        # A queued article is ranked at its first view when it has no block yet. One that
        # has (an update queued it again) shows it until the background pass, seconds
        # later, whose new ranking expires the block: the queue is not read on every view.
        if not teasers and Pending.objects.filter(article_id=article.pk).exists():
            ensure_indexed(article)
            teasers = read_also_of(article)
        return blocks.rendered(
            "related/read_also.html", {"teasers": teasers, "current_language": language}
        )

    # Its teasers' tags are noted as they are rendered; the article's own, for its
    # language, which picks them.
    return blocks.kept(
        f"read-also {article.pk}",
        render,
        names=[tags.read_also(article.pk), tags.article(article.pk)],
    )
