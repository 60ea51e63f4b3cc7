"""Writes to the search index: keeping it in step with what readers may see.

The index follows `news.surfaces`: after every committed change the article
is re-read and indexed if readers may see it, removed otherwise (killed,
withheld, not yet past its embargo). The scheduler announces lifted
embargoes, which indexes those articles then. `rebuild` does the same for
every article, for `manchette reindex`.

Articles read by id are checked with `news.selectors.is_visible`, the
one-article twin of `visible_articles()`: combined with an id lookup, the
latter's status condition leads SQLite (which has no statistics unless
ANALYZE runs) to scan every published article instead of fetching a few.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from manchette.news.models import Article
from manchette.news.sanitize import plain_text
from manchette.news.selectors import is_visible, visible_articles
from manchette.news.surfaces import ArticleChange
from manchette.search.backends import Document, SearchBackend, backend_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
_FIELDS = (
    "id",
    "status",
    "embargoed_until",
    "language",
    "headline",
    "standfirst",
    "body_html",
    "published_at",
    "section_id",
    "provider_id",
)


def document_of(article: Article) -> Document:
    return Document(
        article_id=article.pk,
        language=article.language,
        headline=article.headline,
        standfirst=article.standfirst,
        body=plain_text(article.body_html),
        published=article.published_at,
        section_id=article.section_id,
        provider_id=article.provider_id,
    )


def sync(article_ids: Iterable[int]) -> None:
    """Make the index agree with what readers may see of these articles."""
    ids = set(article_ids)
    if not ids:
        return
    backend = backend_for()
    with transaction.atomic():
        visible = [a for a in Article.objects.filter(pk__in=ids).only(*_FIELDS) if is_visible(a)]
        backend.upsert([document_of(article) for article in visible])
        backend.remove(ids - {article.pk for article in visible})


def on_article_change(change: ArticleChange) -> None:
    """The `news.surfaces` listener: an article was created, updated, killed or released.

    Re-reading rather than trusting `change.visible` keeps the index right
    even when two announcements for one article arrive out of order.
    """
    sync([change.article_id])


def on_article_deleted(sender: Any, instance: Article, **kwargs: Any) -> None:
    """An article deleted in the admin leaves the index once the deletion commits."""
    article_id = instance.pk
    transaction.on_commit(lambda: backend_for().remove([article_id]))


def index_visible(articles: QuerySet[Any], backend: SearchBackend, batch: int = BATCH_SIZE) -> int:
    """Index those of `articles` readers may see, in batches of `batch`; returns how many.

    Batches are read by id (keyset), each written in its own transaction, so
    memory stays flat and a live site's writers are never held up for long.
    Takes any queryset of articles, historical models included (the migration).
    """
    count, last = 0, 0
    while True:
        rows = list(articles.filter(pk__gt=last).order_by("pk").only(*_FIELDS)[:batch])
        if not rows:
            return count
        visible = [row for row in rows if is_visible(row)]
        with transaction.atomic(using=backend.connection.alias):
            backend.upsert([document_of(row) for row in visible])
        count += len(visible)
        last = rows[-1].pk


@dataclass(frozen=True, slots=True)
class RebuildReport:
    indexed: int
    removed: int


def rebuild(batch: int = BATCH_SIZE) -> RebuildReport:
    """Index every visible article again, then drop what the index holds that is not visible.

    The index is never emptied first, so searches keep answering during the
    rebuild; a change the pipeline commits meanwhile is indexed by its listener.
    """
    backend = backend_for()
    indexed = index_visible(Article.objects.all(), backend, batch)
    stale = backend.indexed_ids() - set(visible_articles().values_list("pk", flat=True))
    with transaction.atomic():
        backend.remove(sorted(stale))
    backend.optimize()
    logger.debug("search index rebuilt: %d indexed, %d removed", indexed, len(stale))
    return RebuildReport(indexed=indexed, removed=len(stale))
