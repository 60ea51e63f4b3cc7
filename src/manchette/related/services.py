"""Keeping the read-also index in step with what readers may see.

It follows `news.surfaces`: after every committed change the article is
queued (`Pending`), which is all the wire pipeline pays; `process_pending`,
run by the scheduler every few seconds, re-reads queued articles, writes
them to the index if readers may see them and takes them out (of their own
block and of every other) otherwise. Kills and embargoes hold before that,
at read time. `rebuild` does
it for the whole archive, for `manchette related_rebuild` and the migration
that creates the index.

Articles read by id are checked with `news.selectors.is_visible`, the
one-article twin of `visible_articles()` (see `search.services` for why
the queryset is not combined with an id lookup).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from manchette.news.models import Article
from manchette.news.selectors import is_visible
from manchette.news.surfaces import ArticleChange
from manchette.pagecache import invalidate, tags
from manchette.related import analysis, bulk, index
from manchette.related.index import ARTICLE_FIELDS, DOCUMENTS_KEY, Store
from manchette.related.models import Pending

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def sync(article_ids: Iterable[int], store: Store | None = None) -> None:
    """Make the index agree with what readers may see of these articles."""
    ids = set(article_ids)
    if not ids:
        return
    store = store or Store.current()
    with transaction.atomic(using=store.alias):
        rows = Article.objects.using(store.alias).filter(pk__in=ids).select_related("section")
        visible = [row for row in rows.only(*ARTICLE_FIELDS) if is_visible(row)]
        changed = set(ids)
        for row in visible:
            changed.update(match.article_id for match in index.write(store, row))
        index.remove(store, ids - {row.pk for row in visible})
        # Their blocks, and those this article now appears in.
        invalidate([tags.read_also(pk) for pk in changed], using=store.alias)


def on_article_change(change: ArticleChange) -> None:
    """The `news.surfaces` listener: an article was created, updated, killed or released."""
    queue([change.article_id])


def queue(article_ids: Iterable[int]) -> None:
    """Ask the background pass to (re)index these articles; a later ask moves them back."""
    now = timezone.now()
    Pending.objects.bulk_create(
        [Pending(article_id=pk, queued_at=now) for pk in article_ids],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["queued_at"],
    )


def process_pending(limit: int = BATCH_SIZE) -> list[int]:
    """Index up to `limit` queued articles, oldest first; the ids taken."""
    taken = list(
        Pending.objects.order_by("queued_at").values_list("article_id", "queued_at")[:limit]
    )
    if not taken:
        return []
    sync(pk for pk, _ in taken)
    # Only what was read: an article queued again meanwhile stays for the next pass.
    # A statement per chunk, not per article (a busy pass takes hundreds).
    for start in range(0, len(taken), 200):
        read = Q()
        for pk, queued_at in taken[start : start + 200]:
            read |= Q(article_id=pk, queued_at=queued_at)
        Pending.objects.filter(read).delete()
    return [pk for pk, _ in taken]


def process_all() -> int:
    """Work the whole queue (the demo, and `related_rebuild --pending`)."""
    total = 0
    while done := process_pending():
        total += len(done)
    return total


def ensure_indexed(article: Article) -> None:
    """A first view of a queued article ranks its own block at once."""
    if Pending.objects.filter(article_id=article.pk).exists():
        sync([article.pk])
        Pending.objects.filter(article_id=article.pk).delete()


def on_article_deleted(sender: Any, instance: Article, **kwargs: Any) -> None:
    """An article deleted in the admin leaves every block once the deletion commits."""
    article_id = instance.pk
    transaction.on_commit(lambda: index.remove(Store.current(), [article_id]))


@dataclass(frozen=True, slots=True)
class RebuildReport:
    indexed: int
    removed: int


def _visible_rows(articles: QuerySet[Any], batch: int) -> Iterator[list[Any]]:
    """Visible articles in batches read by id (keyset), so memory stays flat."""
    last = 0
    while True:
        rows = list(
            articles.filter(pk__gt=last)
            .select_related("section")
            .order_by("pk")
            .only(*ARTICLE_FIELDS)[:batch]
        )
        if not rows:
            return
        yield [row for row in rows if is_visible(row)]
        last = rows[-1].pk


def _store_links(
    store: Store, links: dict[int, list[index.Match]], stories: dict[int, int]
) -> None:
    """Replace these articles' neighbour lists (one way: the rebuild links every article)."""
    joined: defaultdict[int, list[int]] = defaultdict(list)
    for pk, story in stories.items():
        if story != pk:  # a rebuilt profile starts as a story of its own
            joined[story].append(pk)
    for story, ids in joined.items():
        store.objects(store.profile).filter(pk__in=ids).update(story=story)
    neighbours = store.objects(store.neighbour)
    neighbours.filter(profile_id__in=list(links)).delete()
    neighbours.bulk_create(
        [
            store.neighbour(profile_id=pk, other_id=match.article_id, score=match.score)
            for pk, best in links.items()
            for match in best
        ],
        batch_size=2000,
    )


def rebuild(
    articles: QuerySet[Any] | None = None, store: Store | None = None, batch: int = BATCH_SIZE
) -> RebuildReport:
    """Index every visible article afresh: frequencies, profiles, then neighbours.

    Three passes over the archive, the last in memory (`bulk.Archive`, about
    1 KB an article), each writing in batches of its own transaction, so
    a live site keeps its blocks meanwhile (a neighbour list is replaced, never
    emptied first) and changes committed during the rebuild are indexed by
    the listener. Takes historical models (the migration) through `store`.
    """
    store = store or Store.current()
    articles = articles if articles is not None else Article.objects.using(store.alias).all()

    frequencies: Counter[str] = Counter()
    documents = 0
    for rows in _visible_rows(articles, batch):
        for row in rows:
            frequencies.update(analysis.terms(index.text_of(row)).keys())
        documents += len(rows)
    frequencies[DOCUMENTS_KEY] = documents
    counts = store.objects(store.term_count)
    with transaction.atomic(using=store.alias):
        counts.all().delete()
        counts.bulk_create(
            [store.term_count(term=t, documents=n) for t, n in frequencies.items()],
            batch_size=2000,
        )

    indexed: list[int] = []
    archive = bulk.Archive()
    for rows in _visible_rows(articles, batch):
        prepared = [
            index.prepare(row, analysis.terms(index.text_of(row)), frequencies, documents, vector)
            for row, vector in zip(rows, index.embeddings(rows), strict=True)
        ]
        with transaction.atomic(using=store.alias):
            index.save_profiles(store, prepared)
        for one in prepared:
            archive.add(one)
        indexed += [row.pk for row in rows]
    del frequencies

    profiles = store.objects(store.profile)
    stale = set(profiles.values_list("pk", flat=True)) - set(indexed)
    with transaction.atomic(using=store.alias):
        index.remove(store, sorted(stale))
    # Oldest first, so a story's first article gives the story its id.
    for start in range(0, len(indexed), batch):
        ids = indexed[start : start + batch]
        links = {pk: archive.link(pk) for pk in ids}
        with transaction.atomic(using=store.alias):
            _store_links(store, links, {pk: archive.stories[pk] for pk in ids})
    logger.debug("read-also index rebuilt: %d indexed, %d removed", len(indexed), len(stale))
    return RebuildReport(indexed=len(indexed), removed=len(stale))
