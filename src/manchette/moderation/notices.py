"""What reporters are told: the outcome of their report, and for illegal content a
statement of reasons in the sense of the EU Digital Services Act (art. 17).

E-mails are plain text only (no HTML alternative), so the reader text they
quote can never be read as markup by a mail client.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from manchette.comments.models import Comment, Report
from manchette.ui.dates import format_moment

GROUND_LAW = "law"
GROUND_TERMS = "terms"


@dataclass(frozen=True, slots=True)
class Decision:
    """A moderator's decision on the reports against one comment."""

    outcome: str  # Report.Outcome: removed, kept or noted
    ground: str  # GROUND_LAW or GROUND_TERMS (what a removal rests on)
    explanation: str  # the moderator's own words: facts and reasons


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def _decision_line(outcome: str) -> str:
    if outcome == Report.Outcome.REMOVED:
        return _(
            "The comment has been removed from the site: nobody can read it there any more. "
            "The removal has no end date."
        )
    if outcome == Report.Outcome.KEPT:
        return _(
            "The comment has been kept: after review, it was found neither illegal nor "
            "contrary to the site’s rules for comments."
        )
    return _(
        "Your report has been noted; it does not call for any action on the comment, "
        "which stays as it is."
    )


def _ground_lines(decision: Decision, report: Report) -> list[str]:
    if decision.outcome != Report.Outcome.REMOVED:
        return [_("Ground: none, as no restriction was applied.")]
    if decision.ground == GROUND_LAW:
        law = report.law or _("not stated in the report")
        return [_("Legal ground: the content was found illegal under: %(law)s.") % {"law": law}]
    return [_("Contractual ground: the site’s rules for comments, which the comment breaks.")]


def statement_of_reasons(*, comment: Comment, report: Report, decision: Decision) -> str:
    """The full statement for an illegal-content report: decision, facts, ground,
    automated means, redress. Stored on the report and sent to the reporter."""
    lines = [
        _("Decision"),
        _decision_line(decision.outcome),
        "",
        _("Facts and circumstances"),
        _(
            "You reported this comment as illegal content on %(date)s, under the article "
            "“%(headline)s”. A moderator reviewed the comment, your report and the law you "
            "named."
        )
        % {
            "date": format_moment(report.created_at, "article"),
            "headline": comment.article.headline,
        },
        _("The moderator’s explanation:"),
        decision.explanation,
        "",
        _("Ground for the decision"),
        *_ground_lines(decision, report),
        "",
        _("Automated means"),
        _(
            "The comment was brought to our attention by readers’ reports, not by automated "
            "detection. The decision was taken by a person; no automated means were used to "
            "take it."
        ),
        "",
        _("Redress"),
        _(
            "You may contest this decision by replying to this message: a moderator who did "
            "not take it will review it. You may also turn to a certified out-of-court dispute "
            "settlement body (Digital Services Act, article 21) or to the courts."
        ),
    ]
    return "\n".join(lines)


def outcome_notice(*, comment: Comment, report: Report, decision: Decision) -> str:
    """What a reporter of anything but illegal content is told."""
    return "\n".join(
        [
            _decision_line(decision.outcome),
            "",
            _("The moderator’s explanation:"),
            decision.explanation or _("(none given)"),
        ]
    )


def send_outcomes(*, comment: Comment, reports: Iterable[Report]) -> int:
    """E-mail every reporter the outcome stored on their report; returns how many went.

    Sent in the site's language: the reporter's own is not known.
    """
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for report in reports:
            address = getattr(report.reporter, "email", "")
            if not address:
                continue
            body = "\n".join(
                [
                    _("Hello,"),
                    "",
                    _("You reported this comment on %(site)s:")
                    % {"site": settings.MANCHETTE_SITE_NAME},
                    "",
                    _quote(comment.body),
                    "",
                    report.outcome_statement,
                    "",
                    _("The moderation team of %(site)s") % {"site": settings.MANCHETTE_SITE_NAME},
                ]
            )
            subject = _("Your report of a comment: %(outcome)s") % {
                "outcome": report.get_outcome_display()
            }
            messages.append(EmailMessage(subject=subject, body=body, to=[address]))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
