"""The XSS corpus (xss_payloads.txt) and the readers and comments made from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from manchette.accounts.models import PSEUDONYM_MAX_LENGTH
from manchette.comments.models import Comment
from manchette.news.models import Article

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


def pseudonym_for(n: int, payload: str) -> str:
    """The payload as a pseudonym: cut to the field's length, made unique by a number."""
    tag = f"{n}"
    return payload[: PSEUDONYM_MAX_LENGTH - len(tag)] + tag


def post_corpus(article: Article) -> list[Comment]:
    """Each payload posted as a comment by a reader whose pseudonym is a payload too."""
    User = get_user_model()
    comments = []
    for n, payload in enumerate(PAYLOADS):
        author: Any = User.objects.create_user(
            username=f"xss-{n}@example.org",
            email=f"xss-{n}@example.org",
            password=None,
            pseudonym=pseudonym_for(n, PAYLOADS[-1 - n]),
        )
        comments.append(
            Comment.objects.create(
                article=article,
                author=author,
                body=payload,
                status=Comment.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        )
    return comments
