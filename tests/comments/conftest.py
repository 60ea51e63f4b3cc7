"""Readers, an article open for comments, and comments made the way the site makes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from manchette.comments.models import Comment
from manchette.news.models import Article

PASSWORD = "une phrase de passe assez longue"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    """Tests post often from one address; the limits have their own test."""
    settings.MANCHETTE_RATE_LIMITS = False


@pytest.fixture
def make_reader(db: Any) -> Callable[[str], Any]:
    def make(pseudonym: str) -> Any:
        return get_user_model().objects.create_user(
            username=f"{pseudonym.lower()}@example.org".replace(" ", "-"),
            email=f"{pseudonym.lower()}@example.org".replace(" ", "-"),
            password=PASSWORD,
            pseudonym=pseudonym,
        )

    return make


@pytest.fixture
def reader(make_reader: Callable[[str], Any]) -> Any:
    return make_reader("Colombe")


@pytest.fixture
def other_reader(make_reader: Callable[[str], Any]) -> Any:
    return make_reader("Hirondelle")


@pytest.fixture
def open_article(article: Article) -> Article:
    """The shared AFP story, published an hour ago so its comments are open."""
    article.published_at = timezone.now() - timedelta(hours=1)
    article.save(update_fields=["published_at"])
    return article


@pytest.fixture
def signed_in(reader: Any) -> Client:
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def add_comment(open_article: Article) -> Callable[..., Comment]:
    """A comment saved directly (as the policy would have decided), for reading tests."""

    def add(author: Any, body: str = "Un avis.", **fields: Any) -> Comment:
        values: dict[str, Any] = {
            "article": open_article,
            "author": author,
            "body": body,
            "status": Comment.Status.PUBLISHED,
            "published_at": timezone.now(),
        }
        values.update(fields)
        return Comment.objects.create(**values)

    return add
