"""Every moderation action, each written to the audit log in the same transaction.

Views call these and nothing else to change what readers see; the admin's
edits of rules and words go through them too. A comment being decided is
locked (`select_for_update`) so two moderators acting at once cannot both
decide it with different outcomes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from manchette.comments.models import Comment, Report
from manchette.moderation import notices
from manchette.moderation.models import AuditEntry, PremoderationRule, Sanction, WatchedWord
from manchette.moderation.normalise import canonical
from manchette.news.models import Article, Section
from manchette.pagecache import invalidate, tags

MODERATOR_PREFIX = "moderator:"
"""`Comment.decided_by` of a comment a person decided; policy checks write `policy:…`."""

Moderator = Any  # accounts.User; Any keeps the swappable user model out of the signatures


def _log(
    *,
    moderator: Moderator,
    action: str,
    what: str,
    why: str = "",
    comment: Comment | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=moderator,
        actor_name=moderator.get_username(),
        action=action,
        what=what[:500],
        why=why,
        comment_ref=comment.pk if comment is not None else None,
    )


def _locked(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article", "author")
        .get(pk=comment.pk)
    )


def _decided_by(moderator: Moderator) -> str:
    return f"{MODERATOR_PREFIX}{moderator.get_username()}"[:100]


def _describe(comment: Comment) -> str:
    author = comment.author.pseudonym if comment.author else _("deleted account")
    return _("comment #%(id)s by %(author)s on “%(headline)s”") % {
        "id": comment.pk,
        "author": author,
        "headline": comment.article.headline,
    }


# ---------------------------------------------------------------------------- comments


@transaction.atomic
def approve(*, comment: Comment, moderator: Moderator) -> Comment:
    """Publish a comment a person has read; open reports against it are closed as kept."""
    comment = _locked(comment)
    comment.status = Comment.Status.PUBLISHED
    comment.status_reason = ""
    comment.decided_by = _decided_by(moderator)
    comment.published_at = comment.published_at or timezone.now()
    comment.save(update_fields=["status", "status_reason", "decided_by", "published_at"])
    _log(
        moderator=moderator,
        action=AuditEntry.Action.APPROVE,
        what=_describe(comment),
        comment=comment,
    )
    if comment.reports.filter(outcome=Report.Outcome.OPEN).exists():
        _decide_open_reports(
            comment=comment,
            decision=notices.Decision(
                outcome=Report.Outcome.KEPT, ground=notices.GROUND_TERMS, explanation=""
            ),
        )
    return comment


@transaction.atomic
def reject(*, comment: Comment, moderator: Moderator, reason: str) -> Comment:
    """Take a comment off the site (or keep it off) with a reason its author is shown."""
    comment = _locked(comment)
    comment.status = Comment.Status.REJECTED
    comment.status_reason = reason[:500]
    comment.decided_by = _decided_by(moderator)
    comment.save(update_fields=["status", "status_reason", "decided_by"])
    _log(
        moderator=moderator,
        action=AuditEntry.Action.REJECT,
        what=_describe(comment),
        why=reason,
        comment=comment,
    )
    if comment.reports.filter(outcome=Report.Outcome.OPEN).exists():
        _decide_open_reports(
            comment=comment,
            decision=notices.Decision(
                outcome=Report.Outcome.REMOVED, ground=notices.GROUND_TERMS, explanation=reason
            ),
        )
    return comment


@transaction.atomic
def decide_reports(
    *,
    comment: Comment,
    moderator: Moderator,
    outcome: str,
    explanation: str,
    ground: str = notices.GROUND_TERMS,
) -> int:
    """Decide every open report against a comment; returns how many were decided.

    Removing rejects the comment with the explanation as the author's reason;
    keeping publishes it as read by a person; noting changes nothing on the
    comment. Each reporter is e-mailed the outcome once the decision is saved.
    """
    comment = _locked(comment)
    if outcome == Report.Outcome.REMOVED:
        comment.status = Comment.Status.REJECTED
        comment.status_reason = explanation[:500]
        comment.decided_by = _decided_by(moderator)
        comment.save(update_fields=["status", "status_reason", "decided_by"])
    elif outcome == Report.Outcome.KEPT and comment.status in (
        Comment.Status.PUBLISHED,
        Comment.Status.PENDING,
    ):
        comment.status = Comment.Status.PUBLISHED
        comment.status_reason = ""
        comment.decided_by = _decided_by(moderator)
        comment.published_at = comment.published_at or timezone.now()
        comment.save(update_fields=["status", "status_reason", "decided_by", "published_at"])
    decision = notices.Decision(outcome=outcome, ground=ground, explanation=explanation)
    count = _decide_open_reports(comment=comment, decision=decision)
    _log(
        moderator=moderator,
        action=AuditEntry.Action.REPORTS,
        what=ngettext(
            "%(count)s report on %(comment)s: %(outcome)s",
            "%(count)s reports on %(comment)s: %(outcome)s",
            count,
        )
        % {
            "count": count,
            "comment": _describe(comment),
            "outcome": Report.Outcome(outcome).label,
        },
        why=explanation,
        comment=comment,
    )
    return count


def _decide_open_reports(*, comment: Comment, decision: notices.Decision) -> int:
    reports = list(
        comment.reports.select_for_update(of=("self",))
        .filter(outcome=Report.Outcome.OPEN)
        .select_related("reporter")
    )
    now = timezone.now()
    # Statements are written in the site's language, as the e-mails carrying them are.
    with translation.override(settings.LANGUAGE_CODE):
        for report in reports:
            report.outcome = decision.outcome
            report.decided_at = now
            compose = (
                notices.statement_of_reasons
                if report.reason == Report.Reason.ILLEGAL
                else notices.outcome_notice
            )
            report.outcome_statement = compose(comment=comment, report=report, decision=decision)
            report.save(update_fields=["outcome", "decided_at", "outcome_statement"])
    mailed = [r for r in reports if r.reason != Report.Reason.DISAGREE]
    transaction.on_commit(lambda: notices.send_outcomes(comment=comment, reports=mailed))
    return len(reports)


# --------------------------------------------------------------------------- sanctions


@transaction.atomic
def issue_sanction(
    *,
    user: Any,
    moderator: Moderator,
    kind: str,
    reason: str,
    days: int | None = None,
) -> Sanction:
    """Warn, suspend for `days` days, or ban a reader."""
    if kind == Sanction.Kind.SUSPENSION and not days:
        raise ValueError("a suspension needs a number of days")
    until = timezone.now() + timedelta(days=days or 0) if kind == Sanction.Kind.SUSPENSION else None
    sanction = Sanction.objects.create(
        user=user, kind=kind, reason=reason[:500], issued_by=moderator, until=until
    )
    what = _("%(sanction)s for %(reader)s") % {
        "sanction": sanction.get_kind_display(),
        "reader": user.pseudonym,
    }
    if days:
        what += " " + _("(%(days)s days)") % {"days": days}
    _log(moderator=moderator, action=AuditEntry.Action.SANCTION, what=what, why=reason)
    return sanction


@transaction.atomic
def lift_sanction(*, sanction: Sanction, moderator: Moderator, reason: str) -> Sanction:
    sanction.lifted_at = timezone.now()
    sanction.save(update_fields=["lifted_at"])
    _log(
        moderator=moderator,
        action=AuditEntry.Action.LIFT,
        what=_("%(sanction)s for %(reader)s")
        % {
            "sanction": sanction.get_kind_display(),
            "reader": sanction.user.pseudonym,
        },
        why=reason,
    )
    return sanction


# --------------------------------------------------------------------- words and rules


@transaction.atomic
def add_word(*, text: str, kind: str, moderator: Moderator) -> WatchedWord:
    """Watch a word (or move it to the other list when it is already watched)."""
    word = WatchedWord(text=text.strip(), kind=kind, added_by=moderator)
    existing = WatchedWord.objects.filter(canonical=_canonical(word.text)).first()
    if existing is not None:
        existing.text, existing.kind, existing.added_by = word.text, kind, moderator
        word = existing
    word.save()
    _log(
        moderator=moderator,
        action=AuditEntry.Action.WORD_ADD,
        what=f"{word.get_kind_display()}: {word.text}",
    )
    return word


@transaction.atomic
def remove_word(*, word: WatchedWord, moderator: Moderator) -> None:
    what = f"{word.get_kind_display()}: {word.text}"
    word.delete()
    _log(moderator=moderator, action=AuditEntry.Action.WORD_REMOVE, what=what)


def _canonical(text: str) -> str:
    return canonical(text)[:100]


@transaction.atomic
def add_rule(
    *,
    moderator: Moderator,
    section: Section | None = None,
    article: Article | None = None,
    note: str = "",
) -> PremoderationRule:
    rule = PremoderationRule.objects.create(
        section=section, article=article, note=note[:200], created_by=moderator
    )
    _log(moderator=moderator, action=AuditEntry.Action.RULE_ADD, what=_rule_target(rule), why=note)
    return rule


@transaction.atomic
def remove_rule(*, rule: PremoderationRule, moderator: Moderator) -> None:
    what = _rule_target(rule)
    rule.delete()
    _log(moderator=moderator, action=AuditEntry.Action.RULE_REMOVE, what=what)


def _rule_target(rule: PremoderationRule) -> str:
    if rule.article is not None:
        return _("article “%(headline)s”") % {"headline": rule.article.headline}
    assert rule.section is not None  # noqa: S101 (the model's constraint)
    return _("section %(name)s") % {"name": rule.section.display_name}


# --------------------------------------------------------------------------- articles


@transaction.atomic
def set_comments_closed(
    *, article: Article, closed: bool, moderator: Moderator, reason: str = ""
) -> None:
    """Close or reopen comments on one article (an editor's call, logged like the rest).

    Written with `update()`: only this flag changes, never the wire content
    the pipeline owns, and `modified_at` is left alone.
    """
    Article.objects.filter(pk=article.pk).update(comments_closed=closed)
    article.comments_closed = closed
    # The article's own tag too: the flag is part of the article every process keeps.
    invalidate([tags.comments(article.pk), tags.article(article.pk)])
    _log(
        moderator=moderator,
        action=AuditEntry.Action.CLOSE if closed else AuditEntry.Action.OPEN,
        what=_("article “%(headline)s”") % {"headline": article.headline},
        why=reason,
    )
