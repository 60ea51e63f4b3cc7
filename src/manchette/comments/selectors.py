"""The reads the comment section needs, in a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from manchette.comments.models import Comment, Report
from manchette.conf.rows import aware, fetch
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


@dataclass(slots=True)
class Shown:
    """A comment as the section shows it, read by `thread` (not a model: never saved).

    Making model instances of the page's rows cost a third of a redraw.
    """

    pk: int
    article_id: int
    parent_id: int | None
    author_id: int | None
    body: str
    status: str
    status_reason: str
    created_at: datetime
    edited_at: datetime | None
    author_pseudonym: str | None
    shown_replies: list[Shown] = field(default_factory=list)
    report_url: str = ""


@dataclass(frozen=True, slots=True)
class Thread:
    """One page of an article's comments, each top-level one with its `shown_replies`."""

    count: int
    page: Page[Shown]
    order: str


def thread(article: Article, *, viewer_id: int | None, order: str, number: int) -> Thread:
    """Two queries whatever the number of comments: both counts, then the page with its replies.

    Both are written in SQL once (`_THREAD_SQL`): building them with the ORM
    on every redraw took more time than the rest of the comment section, and
    a busy thread is redrawn after every comment.
    """
    per_page = settings.MANCHETTE_COMMENTS_PER_PAGE
    [(published, top_level)] = fetch(_THREAD_SQL.counts, [viewer_id, article.pk, article.pk])
    # The count is known: the paginator only turns the page number into a valid one.
    paginator = Paginator(range(top_level or 0), per_page)
    page = paginator.get_page(number)  # past the end: the last page, never an error
    rows = [
        Shown(*row)
        for row in fetch(
            _THREAD_SQL.oldest_page if order == OLDEST else _THREAD_SQL.newest_page,
            [article.pk, viewer_id, article.pk, per_page, (page.number - 1) * per_page, viewer_id],
        )
    ]
    tops: list[Shown] = []
    replies: dict[int, list[Shown]] = {}
    for row in rows:
        row.created_at = aware(row.created_at)
        if row.edited_at is not None:
            row.edited_at = aware(row.edited_at)
        if row.parent_id is None:
            tops.append(row)
        else:
            replies.setdefault(row.parent_id, []).append(row)
    tops.sort(key=_position, reverse=order != OLDEST)
    for comment in tops:
        comment.shown_replies = sorted(replies.get(comment.pk, ()), key=_position)
    page.object_list = tops  # type: ignore[assignment]
    return Thread(count=published or 0, page=page, order=order)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _ThreadSql:
    counts: str
    newest_page: str
    oldest_page: str


def _thread_sql() -> _ThreadSql:
    """The thread's two statements, the same rules as `_visible` and `_shown_at_top`.

    Only our table names and status constants are written into them (S608).

    Parameters, in order: the counts take the viewer (NULL for anonymous
    readers, which no author matches) and the article twice; a page
    takes the article, the viewer, the article, the page size, the offset
    and the viewer again (for the replies it shows).
    """
    comments = Comment._meta.db_table
    users = Comment._meta.get_field("author").related_model._meta.db_table
    published = f"'{Comment.Status.PUBLISHED.value}'"
    own = ", ".join(f"'{status.value}'" for status in _OWN_UNPUBLISHED)

    def visible(alias: str) -> str:
        return (
            f"({alias}.status = {published} OR "
            f"({alias}.author_id = %s AND {alias}.status IN ({own})))"
        )

    def shown_at_top(alias: str) -> str:
        return (
            f"{alias}.parent_id IS NULL AND ({visible(alias)} OR {alias}.id IN ("  # noqa: S608
            f"SELECT r.parent_id FROM {comments} r WHERE r.article_id = %s "
            f"AND r.parent_id IS NOT NULL AND r.status = {published}))"
        )

    counts = (
        f"SELECT SUM(CASE WHEN c.status = {published} THEN 1 ELSE 0 END), "  # noqa: S608
        f"SUM(CASE WHEN {shown_at_top('c')} THEN 1 ELSE 0 END) "
        f"FROM {comments} c WHERE c.article_id = %s"
    )
    columns = ", ".join(
        f"c.{name}"
        for name in (
            "id", "article_id", "parent_id", "author_id", "body", "status",
            "status_reason", "created_at", "edited_at",
        )
    )  # fmt: skip

    def page(direction: str) -> str:
        # The page's ids once, then its comments and the replies to them: two
        # branches, so each reads by its own index.
        return (
            f"WITH page AS (SELECT p.id FROM {comments} p WHERE p.article_id = %s AND "  # noqa: S608
            f"{shown_at_top('p')} ORDER BY p.created_at {direction}, p.id {direction} "
            f"LIMIT %s OFFSET %s) "
            f"SELECT {columns}, u.pseudonym AS author_pseudonym FROM {comments} c "
            f"LEFT JOIN {users} u ON u.id = c.author_id WHERE c.id IN (SELECT id FROM page) "
            f"UNION ALL "
            f"SELECT {columns}, u.pseudonym AS author_pseudonym FROM {comments} c "
            f"LEFT JOIN {users} u ON u.id = c.author_id "
            f"WHERE c.parent_id IN (SELECT id FROM page) AND {visible('c')}"
        )

    return _ThreadSql(counts=counts, newest_page=page("DESC"), oldest_page=page("ASC"))


_THREAD_SQL = _thread_sql()


def _position(comment: Shown | Comment) -> tuple[datetime, int]:
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
