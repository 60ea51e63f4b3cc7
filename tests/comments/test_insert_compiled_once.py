"""Comments are written by a statement compiled once: each row is still the one saved."""

from __future__ import annotations

from django.db.models.functions import Now

from manchette.comments.models import Comment


def _row(comment):
    stored = Comment.objects.get(pk=comment.pk)
    return {
        field.attname: getattr(stored, field.attname) for field in Comment._meta.concrete_fields
    }


def _fields(comment):
    return {
        field.attname: getattr(comment, field.attname) for field in Comment._meta.concrete_fields
    }


def test_each_save_stores_its_own_row_and_learns_its_key(open_article, reader, other_reader):
    first = Comment(article=open_article, author=reader, body="Premier.", client_hash="a" * 64)
    first.save()
    reply = Comment(
        article=open_article,
        author=other_reader,
        parent=first,
        body="Réponse.",
        status=Comment.Status.PUBLISHED,
        status_reason="publié",
        decided_by="policy:default",
    )
    reply.save()

    assert first.pk is not None and reply.pk is not None and first.pk != reply.pk
    assert first._state.adding is False
    assert _row(first) == _fields(first)
    assert _row(reply) == _fields(reply)
    assert Comment.objects.count() == 2


def test_an_expression_as_a_value_goes_through_djangos_path(open_article, reader):
    comment = Comment(article=open_article, author=reader, body="Daté par la base.")
    comment.created_at = Now()
    comment.save()

    stored = Comment.objects.get(pk=comment.pk)
    assert stored.body == "Daté par la base."
    assert stored.created_at is not None
