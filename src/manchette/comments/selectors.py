"""The reads the comment section needs, in a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Page, Paginator

from manchette.comments.models import Comment, CommentTally, Report
from manchette.conf.rows import aware, fetch, moment_param
from manchette.news.models import Article

OLDEST = "anciens"
NEWEST = "recents"
ORDERS = (NEWEST, OLDEST)
DEFAULT_ORDER = NEWEST
# Held and refused comments are shown to their author only, with the reason.
_OWN_UNPUBLISHED = (Comment.Status.PENDING, Comment.Status.REJECTED)


def order_from(value: str | None) -> str:
    return value if value in ORDERS else DEFAULT_ORDER


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
    [(published, top_level)] = fetch(_THREAD_SQL.counts, [article.pk, viewer_id, article.pk])
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
    ahead_newest: str
    """How many top-level comments the reader sees before a given one, newest first."""
    ahead_oldest: str


def _thread_sql() -> _ThreadSql:
    """The thread's statements, with the section's rules written once.

    A reader sees published comments and their own held or refused ones. A
    top-level comment no longer shown (deleted by its author, refused) that
    has published replies stays as a tombstone, so the replies keep their
    context. Only our table names and status constants are written into
    the statements (S608).

    The counts read the tally the database keeps (`CommentTally`) and add
    the top-level comments shown although not published: the tombstones and
    the viewer's own, few whatever the thread's length.

    Parameters, in order: the counts take the article, the viewer (NULL for
    anonymous readers, which no author matches) and the article; a page
    takes the article, the viewer, the article, the page size, the offset
    and the viewer again (for the replies it shows); the count ahead takes
    the article, the viewer, the article, then the comment's time twice and
    its id.
    """
    comments = Comment._meta.db_table
    tally = CommentTally._meta.db_table
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

    unpublished_top = (
        f"SELECT COUNT(*) FROM {comments} c WHERE c.article_id = %s AND "  # noqa: S608
        f"c.parent_id IS NULL AND c.status <> {published} AND ({visible('c')} OR EXISTS ("
        f"SELECT 1 FROM {comments} r WHERE r.parent_id = c.id AND r.status = {published}))"
    )
    counts = (
        f"SELECT COALESCE(MAX(t.published), 0), "  # noqa: S608
        f"COALESCE(MAX(t.published_top), 0) + ({unpublished_top}) "
        f"FROM {tally} t WHERE t.article_id = %s"
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

    def ahead(later: str) -> str:
        return (
            f"SELECT COUNT(*) FROM {comments} p WHERE p.article_id = %s AND "  # noqa: S608
            f"{shown_at_top('p')} AND (p.created_at {later} %s "
            f"OR (p.created_at = %s AND p.id {later} %s))"
        )

    return _ThreadSql(
        counts=counts,
        newest_page=page("DESC"),
        oldest_page=page("ASC"),
        ahead_newest=ahead(">"),
        ahead_oldest=ahead("<"),
    )


_THREAD_SQL = _thread_sql()


def _position(comment: Shown) -> tuple[datetime, int]:
    return (comment.created_at, comment.pk)


def page_number_of(comment: Comment, *, viewer_id: int | None, order: str) -> int:
    """The page of the thread where `comment` (or the comment it answers) is shown."""
    top = comment.parent or comment
    moment = moment_param(top.created_at)
    sql = _THREAD_SQL.ahead_oldest if order == OLDEST else _THREAD_SQL.ahead_newest
    [(ahead,)] = fetch(sql, [top.article_id, viewer_id, top.article_id, moment, moment, top.pk])
    return int(ahead) // settings.MANCHETTE_COMMENTS_PER_PAGE + 1


def existing_report(comment: Comment, reporter_id: int) -> Report | None:
    return Report.objects.filter(comment=comment, reporter_id=reporter_id).first()
