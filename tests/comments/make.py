"""Readers and comments for tests that have no pytest fixtures at hand (browser tests)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from manchette.comments.models import Comment
from manchette.news.models import Article


def reader(pseudonym: str) -> Any:
    address = f"{pseudonym.lower().replace(' ', '-')}@example.org"
    return get_user_model().objects.create_user(
        username=address, email=address, password=None, pseudonym=pseudonym
    )


def comment(article: Article, author: Any, body: str = "Un avis.", **fields: Any) -> Comment:
    values: dict[str, Any] = {
        "article": article,
        "author": author,
        "body": body,
        "status": Comment.Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    values.update(fields)
    return Comment.objects.create(**values)


def open_for_comments(article: Article) -> Article:
    article.published_at = timezone.now() - timedelta(hours=1)
    article.comments_closed = False
    article.save(update_fields=["published_at", "comments_closed"])
    return article


def session_cookie(user: Any) -> tuple[str, str]:
    """The (name, value) of a session cookie signing `user` in."""
    client = Client()
    client.force_login(user)
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
