"""Reads for the account pages and the data download."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from manchette.accounts.models import User
from manchette.comments.models import Comment, Report

ACCOUNT_PAGE_ITEMS = 50

# What the author is told of each state, in the account page's own words.
COMMENT_STATUS: dict[str, Promise] = {
    Comment.Status.PUBLISHED: pgettext_lazy("my comment", "Published"),
    Comment.Status.PENDING: pgettext_lazy("my comment", "Held for review"),
    Comment.Status.REJECTED: pgettext_lazy("my comment", "Rejected by moderation"),
    Comment.Status.DELETED: pgettext_lazy("my comment", "Deleted"),
}
REPORT_OUTCOME: dict[str, Promise] = {
    Report.Outcome.OPEN: pgettext_lazy("my report", "Awaiting review"),
    Report.Outcome.REMOVED: pgettext_lazy("my report", "Comment removed"),
    Report.Outcome.KEPT: pgettext_lazy("my report", "Comment kept"),
    Report.Outcome.NOTED: pgettext_lazy("my report", "Noted, no action"),
}
REPORT_REASON: dict[str, Promise] = {
    Report.Reason.OFFENSIVE: pgettext_lazy("my report", "Offensive"),
    Report.Reason.ABUSIVE: pgettext_lazy("my report", "Harassment or abuse"),
    Report.Reason.SPAM: pgettext_lazy("my report", "Spam or advertising"),
    Report.Reason.ILLEGAL: pgettext_lazy("my report", "Illegal content"),
    Report.Reason.OTHER: pgettext_lazy("my report", "Other"),
    Report.Reason.DISAGREE: pgettext_lazy("my report", "I disagree"),
}


def my_comments(user: User) -> QuerySet[Comment]:
    """The reader's comments, newest first, with what the page shows of each article."""
    return (
        Comment.objects.filter(author=user)
        .select_related("article", "article__section")
        .order_by("-created_at", "-pk")
    )


def my_reports(user: User) -> QuerySet[Report]:
    return (
        Report.objects.filter(reporter=user)
        .select_related("comment", "comment__article", "comment__article__section")
        .order_by("-created_at", "-pk")
    )


def data_export(user: User) -> dict[str, Any]:
    """Everything the site keeps about the reader, as plain JSON-ready data."""
    comments = my_comments(user).prefetch_related("revisions")
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "pseudonym": user.pseudonym,
            "joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.headline,
                "article_url": comment.article.get_absolute_url(),
                "in_reply_to": comment.parent_id,
                "text": comment.body,
                "status": comment.status,
                "reason": comment.status_reason,
                "posted": _when(comment.created_at),
                "edited": _when(comment.edited_at),
                "published": _when(comment.published_at),
                "earlier_versions": [
                    {"text": revision.body, "written": _when(revision.created_at)}
                    for revision in comment.revisions.all()
                ],
            }
            for comment in comments
        ],
        "reports": [
            {
                "comment": report.comment_id,
                "reason": report.reason,
                "law": report.law,
                "explanation": report.explanation,
                "reported": _when(report.created_at),
                "outcome": report.outcome,
                "statement_of_reasons": report.outcome_statement,
                "decided": _when(report.decided_at),
            }
            for report in my_reports(user)
        ],
    }


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None
