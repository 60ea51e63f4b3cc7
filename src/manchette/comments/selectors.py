"""The reads the comment section needs, in a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from manchette.comments.models import Comment, Report
from manchette.news.models import Article

OLDEST = "anciens"
NEWEST = "recents"
ORDERS = (NEWEST, OLDEST)
DEFAULT_ORDER = NEWEST
# Held and refused comments are shown to their author only, with the reason.
_OWN_UNPUBLISHED = (Comment.Status.PENDING, Comment.Status.REJECTED)
# What the page reads of a comment and its author: never the author's e-mail or password hash.
_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "author_id",
    "author__pseudonym",
    "body",
    "status",
    "status_reason",
    "created_at",
    "edited_at",
)


def order_from(value: str | None) -> str:
    return value if value in ORDERS else DEFAULT_ORDER


def _visible(viewer_id: int | None) -> Q:
    visible = Q(status=Comment.Status.PUBLISHED)
    if viewer_id is not None:
        visible |= Q(author_id=viewer_id, status__in=_OWN_UNPUBLISHED)
    return visible


def _shown_at_top(article: Article, viewer_id: int | None) -> Q:
    """Top-level comments this reader sees.

    A comment no longer shown (deleted by its author, refused) that has
    published replies stays as a tombstone so the replies keep their context.
    """
    answered = Comment.objects.filter(
        article=article, parent__isnull=False, status=Comment.Status.PUBLISHED
    ).values("parent_id")
    return Q(parent__isnull=True) & (_visible(viewer_id) | Q(pk__in=answered))


def visible_top_level(article: Article, viewer_id: int | None, order: str) -> QuerySet[Comment]:
    """Top-level comments this reader sees, in `order`."""
    ordering = ("created_at", "id") if order == OLDEST else ("-created_at", "-id")
    return (
        Comment.objects.filter(article=article)
        .filter(_shown_at_top(article, viewer_id))
        .select_related("author")
        .only(*_FIELDS)
        .order_by(*ordering)
    )


@dataclass(frozen=True, slots=True)
class Thread:
    """One page of an article's comments, each top-level one with its `shown_replies`."""

    count: int
    page: Page[Comment]
    order: str


def thread(article: Article, *, viewer_id: int | None, order: str, number: int) -> Thread:
    """Two queries whatever the number of comments: both counts, then the page with its replies."""
    shown_at_top = _shown_at_top(article, viewer_id)
    counts = Comment.objects.filter(article=article).aggregate(
        published=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
        top_level=Count("pk", filter=shown_at_top),
    )
    # The count is known: the paginator only turns the page number into a valid one.
    per_page = settings.MANCHETTE_COMMENTS_PER_PAGE
    paginator = Paginator(range(counts["top_level"]), per_page)
    page = paginator.get_page(number)  # past the end: the last page, never an error
    # The page's top-level comments and their replies in one read, the page as a subquery.
    ordering = ("created_at", "id") if order == OLDEST else ("-created_at", "-id")
    start = (page.number - 1) * per_page
    shown = (
        Comment.objects.filter(article=article)
        .filter(shown_at_top)
        .order_by(*ordering)[start : start + per_page]
        .values("pk")
    )
    rows = (
        Comment.objects.filter(Q(pk__in=shown) | Q(parent_id__in=shown) & _visible(viewer_id))
        .select_related("author")
        .only(*_FIELDS)
    )
    tops: list[Comment] = []
    replies: dict[int, list[Comment]] = {}
    for row in rows:
        if row.parent_id is None:
            tops.append(row)
        else:
            replies.setdefault(row.parent_id, []).append(row)
    tops.sort(key=_position, reverse=order != OLDEST)
    for comment in tops:
        comment.shown_replies = sorted(replies.get(comment.pk, ()), key=_position)  # type: ignore[attr-defined]
    page.object_list = tops  # type: ignore[assignment]
    return Thread(count=counts["published"], page=page, order=order)  # type: ignore[arg-type]


def _position(comment: Comment) -> tuple[datetime, int]:
    return (comment.created_at, comment.pk)


def page_number_of(comment: Comment, *, viewer_id: int | None, order: str) -> int:
    """The page of the thread where `comment` (or the comment it answers) is shown."""
    top = comment.parent or comment
    if order == OLDEST:
        before = Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, id__lt=top.pk)
    else:
        before = Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, id__gt=top.pk)
    ahead = visible_top_level(top.article, viewer_id, order).filter(before).count()
    return ahead // settings.MANCHETTE_COMMENTS_PER_PAGE + 1


def existing_report(comment: Comment, reporter_id: int) -> Report | None:
    return Report.objects.filter(comment=comment, reporter_id=reporter_id).first()
