"""Addresses of a comment: its place on the article page, and the login detour."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url

from manchette.comments import selectors
from manchette.comments.models import Comment
from manchette.news.models import Article

SECTION_ANCHOR = "commentaires"


def anchor(comment: Comment) -> str:
    return f"commentaire-{comment.pk}"


def thread_url(article: Article, *, order: str, page: int = 1, fragment: str = "") -> str:
    query = {}
    if order != selectors.DEFAULT_ORDER:
        query["tri"] = order
    if page > 1:
        query["page"] = str(page)
    url = article.get_absolute_url()
    if query:
        url += "?" + urlencode(query)
    return f"{url}#{fragment or SECTION_ANCHOR}"


def comment_url(comment: Comment, *, viewer_id: int | None, order: str) -> str:
    """The article page, on the page of the thread that shows `comment`, at its anchor."""
    page = selectors.page_number_of(comment, viewer_id=viewer_id, order=order)
    return thread_url(comment.article, order=order, page=page, fragment=anchor(comment))


def new_comment_url(comment: Comment, *, viewer_id: int | None, order: str) -> str:
    """`comment_url` for a comment just posted, sparing the count where the answer is known.

    Newest first, a new top-level comment is on the first page: only comments
    posted in the same instant could come before it, and never a page of them.
    """
    if comment.parent_id is None and order == selectors.NEWEST:
        return thread_url(comment.article, order=order, fragment=anchor(comment))
    return comment_url(comment, viewer_id=viewer_id, order=order)


def login_url(next_url: str) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"
