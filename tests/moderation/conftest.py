"""Readers, a moderator and comments for the moderation tests."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from manchette.comments.models import Comment, Report

_numbers = count(1)


def make_reader(pseudonym: str | None = None, **extra: Any) -> Any:
    n = next(_numbers)
    name = pseudonym or f"Lecteur{n}"
    return get_user_model().objects.create_user(
        username=extra.pop("username", f"reader{n}@example.org"),
        email=f"reader{n}@example.org",
        password="not-a-real-password-1",
        pseudonym=name,
        **extra,
    )


def make_comment(article: Any, author: Any, body: str = "Un avis mesuré.", **extra: Any) -> Comment:
    values: dict[str, Any] = {"status": Comment.Status.PUBLISHED, "decided_by": "policy:default"}
    values.update(extra)
    return Comment.objects.create(article=article, author=author, body=body, **values)


def make_report(comment: Comment, reporter: Any, reason: str = "offensive", **extra: Any) -> Report:
    return Report.objects.create(comment=comment, reporter=reporter, reason=reason, **extra)


@pytest.fixture
def reader(db) -> Any:
    return make_reader("Camille")


@pytest.fixture
def moderator(db) -> Any:
    user = make_reader("Modération", username="moderateur")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="moderation", codename="use_desk")
    )
    return user


@pytest.fixture
def editor(moderator) -> Any:
    moderator.user_permissions.add(
        Permission.objects.get(content_type__app_label="news", codename="change_article")
    )
    return moderator


@pytest.fixture
def desk_client(client, moderator):
    client.force_login(moderator)
    return client
