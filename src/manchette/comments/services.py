"""Writes with rules: posting, editing, deleting and reporting comments.

Views check who is asking; these functions check what is allowed (comments
open, reader not barred, edit window) and raise `Refused` with a sentence
the reader is shown when it is not.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manchette.comments import rules
from manchette.comments.models import Comment, CommentRevision, Report
from manchette.comments.text import normalise
from manchette.moderation import policy, sanctions
from manchette.news.models import Article


class Refused(Exception):
    """The reader may not do this now; `str()` says why, in their language."""


def client_hash(address: str) -> str:
    """A keyed hash of the poster's address: comparable between comments, never reversible."""
    key = f"manchette.comments.client:{settings.SECRET_KEY}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def ensure_may_take_part(user: Any) -> None:
    reason = sanctions.barred(user)
    if reason:
        raise Refused(reason)


def ensure_open(article: Article) -> None:
    if not rules.comments_open(article):
        raise Refused(_("Comments are closed on this article."))


def _decide(comment: Comment) -> None:
    """Let the moderation policy set the status and say why."""
    verdict = policy.evaluate(comment)
    comment.status = verdict.status
    comment.decided_by = verdict.check
    comment.status_reason = verdict.reason
    if comment.status == Comment.Status.PUBLISHED and comment.published_at is None:
        comment.published_at = timezone.now()


def comment_post(
    *,
    author: Any,
    article: Article,
    body: str,
    parent: Comment | None = None,
    address: str = "",
) -> Comment:
    """A new comment (or a reply to a top-level one), decided by the policy and saved."""
    ensure_may_take_part(author)
    ensure_open(article)
    if parent is not None:
        if parent.article_id != article.pk or parent.status != Comment.Status.PUBLISHED:
            raise Refused(_("This comment can no longer be answered."))
        # One level of replies: answering a reply answers the comment it belongs to.
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        body=normalise(body),
        client_hash=client_hash(address) if address else "",
    )
    _decide(comment)
    comment.save()
    return comment


def comment_edit(*, comment: Comment, editor: Any, body: str) -> Comment:
    """New text for the author's own comment, the old one kept as a revision."""
    ensure_may_take_part(editor)
    body = normalise(body)
    with transaction.atomic():
        current = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
        if not rules.may_edit(current, editor.pk):
            raise Refused(_("This comment can no longer be edited."))
        if current.body == body:
            return current
        CommentRevision.objects.create(comment=current, body=current.body)
        current.body = body
        current.edited_at = timezone.now()
        # New words are new words: the policy reads them as it read the first ones.
        _decide(current)
        current.save(
            update_fields=[
                "body",
                "edited_at",
                "status",
                "decided_by",
                "status_reason",
                "published_at",
            ]
        )
    return current


def comment_delete(*, comment: Comment, user: Any) -> None:
    """The author takes a comment back; the page keeps a tombstone if it has replies."""
    if not rules.may_delete(comment, user.pk):
        raise Refused(_("This comment cannot be deleted."))
    comment.status = Comment.Status.DELETED
    comment.decided_by = "author"
    comment.status_reason = ""
    comment.save(update_fields=["status", "decided_by", "status_reason"])


class AlreadyReported(Refused):
    pass


def report_file(
    *, comment: Comment, reporter: Any, reason: str, law: str = "", explanation: str = ""
) -> Report:
    """One reader's report; a second one on the same comment is refused."""
    ensure_may_take_part(reporter)
    if comment.author_id == reporter.pk:
        raise Refused(_("You cannot report your own comment."))
    try:
        with transaction.atomic():
            report = Report(
                comment=comment,
                reporter=reporter,
                reason=reason,
                law=law.strip(),
                explanation=normalise(explanation),
            )
            if reason == Report.Reason.DISAGREE:
                # Heard, and counted, but disagreeing is not a ground for removal:
                # it never waits in the moderators' queue.
                report.outcome = Report.Outcome.NOTED
                report.decided_at = timezone.now()
            report.save()
            return report
    except IntegrityError:
        # The one-report-per-reader constraint: two clicks, or two tabs.
        raise AlreadyReported(_("You have already reported this comment.")) from None
