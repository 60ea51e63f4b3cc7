"""The comment count the section shows is kept by the database on every write, whoever makes it."""

from __future__ import annotations

from typing import Any

from manchette.comments import selectors
from manchette.comments.models import Comment, CommentTally
from manchette.news.models import Article
from tests.factories import apply, dispatch

PUBLISHED = Comment.Status.PUBLISHED


def recount(article: Article) -> tuple[int, int]:
    published = Comment.objects.filter(article=article, status=PUBLISHED)
    return published.count(), published.filter(parent__isnull=True).count()


def tally(article: Article) -> tuple[int, int]:
    row = CommentTally.objects.filter(article=article).first()
    return (row.published, row.published_top) if row else (0, 0)


def test_every_kind_of_write_keeps_the_tally_equal_to_a_recount(
    open_article: Article, reader: Any
) -> None:
    apply(dispatch(guid="urn:test:tally:other", headline="Une autre dépêche"))
    other = Article.objects.get(guid="urn:test:tally:other")

    def write(**fields: Any) -> Comment:
        return Comment.objects.create(
            article=open_article, author=reader, body="Un avis.", **fields
        )

    top = write(status=PUBLISHED)
    held = write(status=Comment.Status.PENDING)
    reply = write(status=PUBLISHED, parent=top)
    assert tally(open_article) == recount(open_article) == (2, 1)
    held.status = PUBLISHED  # a moderator publishes it
    held.save()
    top.body = "Un avis corrigé."  # an edit saves every column but changes no count
    top.save()
    assert tally(open_article) == recount(open_article) == (3, 2)
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.REJECTED)  # in bulk
    assert tally(open_article) == recount(open_article) == (2, 2)
    reply.refresh_from_db()
    reply.status, reply.parent = PUBLISHED, None  # an odd write, still counted
    reply.save()
    Comment.objects.filter(pk=held.pk).update(article=other)  # moved to another article
    assert tally(open_article) == recount(open_article) == (2, 2)
    assert tally(other) == recount(other) == (1, 1)
    top.delete()
    Comment.objects.bulk_create(
        [Comment(article=open_article, author=reader, body="b", status=PUBLISHED)] * 3
    )
    assert tally(open_article) == recount(open_article) == (4, 4)


def test_the_section_counts_tombstones_and_a_readers_own_held_comments(
    open_article: Article, reader: Any, other_reader: Any
) -> None:
    def write(author: Any, status: str, parent: Comment | None = None) -> Comment:
        return Comment.objects.create(
            article=open_article, author=author, body="Un avis.", status=status, parent=parent
        )

    removed = write(reader, Comment.Status.REJECTED)  # a tombstone: its reply is published
    write(other_reader, PUBLISHED, parent=removed)
    write(reader, Comment.Status.PENDING)  # shown to its author only
    write(other_reader, Comment.Status.DELETED)  # shown to no one
    write(other_reader, PUBLISHED)

    def counts(viewer: Any) -> tuple[int, int]:
        shown = selectors.thread(
            open_article, viewer_id=viewer.pk if viewer else None, order="recents", number=1
        )
        return shown.count, shown.page.paginator.count

    assert counts(None) == (2, 2)
    assert counts(reader) == (2, 3)
    assert counts(other_reader) == (2, 2)
