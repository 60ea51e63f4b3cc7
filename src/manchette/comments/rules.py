"""When comments open, close and stay editable: the site's settings applied to one row."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from manchette.comments.models import Comment
from manchette.news.models import Article


def closes_at(article: Article) -> datetime:
    return article.published_at + timedelta(days=settings.MANCHETTE_COMMENTS_OPEN_DAYS)


def comments_open(article: Article, now: datetime | None = None) -> bool:
    """Open until an editor closes them or the article is older than the setting allows."""
    if article.comments_closed:
        return False
    return (now or timezone.now()) < closes_at(article)


def editable_until(comment: Comment) -> datetime:
    return comment.created_at + timedelta(minutes=settings.MANCHETTE_COMMENT_EDIT_MINUTES)


def may_edit(comment: Comment, user_id: int | None, now: datetime | None = None) -> bool:
    """Its author, within the window, while readers (or the author) can still see it."""
    return (
        user_id is not None
        and comment.author_id == user_id
        and comment.status in (Comment.Status.PUBLISHED, Comment.Status.PENDING)
        and (now or timezone.now()) < editable_until(comment)
    )


def may_delete(comment: Comment, user_id: int | None) -> bool:
    return (
        user_id is not None
        and comment.author_id == user_id
        and comment.status != Comment.Status.DELETED
    )
