"""The reads the comment section needs, in a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

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


def published_count(article: Article) -> int:
    """What the heading counts: published comments and replies."""
    return Comment.objects.filter(article=article, status=Comment.Status.PUBLISHED).count()


def _visible(viewer_id: int | None) -> Q:
    visible = Q(status=Comment.Status.PUBLISHED)
    if viewer_id is not None:
        visible |= Q(author_id=viewer_id, status__in=_OWN_UNPUBLISHED)
    return visible


def visible_top_level(article: Article, viewer_id: int | None, order: str) -> QuerySet[Comment]:
    """Top-level comments this reader sees, in `order`.

    A comment no longer shown (deleted by its author, refused) that has
    published replies stays as a tombstone so the replies keep their context.
    """
    answered = Comment.objects.filter(
        article=article, parent__isnull=False, status=Comment.Status.PUBLISHED
    ).values("parent_id")
    ordering = ("created_at", "id") if order == OLDEST else ("-created_at", "-id")
    return (
        Comment.objects.filter(article=article, parent__isnull=True)
        .filter(_visible(viewer_id) | Q(pk__in=answered))
        .select_related("author")
        .only(*_FIELDS)
        .order_by(*ordering)
    )


def visible_replies(parent_ids: list[int], viewer_id: int | None) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(parent_id__in=parent_ids)
        .filter(_visible(viewer_id))
        .select_related("author")
        .only(*_FIELDS)
        .order_by("created_at", "id")
    )


@dataclass(frozen=True, slots=True)
class Thread:
    """One page of an article's comments, each top-level one with its `shown_replies`."""

    count: int
    page: Page[Comment]
    order: str


def thread(article: Article, *, viewer_id: int | None, order: str, number: int) -> Thread:
    """Four queries whatever the number of comments: count, page size, page, replies."""
    paginator = Paginator(
        visible_top_level(article, viewer_id, order), settings.MANCHETTE_COMMENTS_PER_PAGE
    )
    page = paginator.get_page(number)  # past the end: the last page, never an error
    comments = list(page.object_list)
    replies: dict[int, list[Comment]] = {comment.pk: [] for comment in comments}
    if comments:
        for reply in visible_replies(list(replies), viewer_id):
            if reply.parent_id is not None:
                replies[reply.parent_id].append(reply)
    for comment in comments:
        comment.shown_replies = replies[comment.pk]  # type: ignore[attr-defined]
    page.object_list = comments
    return Thread(count=published_count(article), page=page, order=order)


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
