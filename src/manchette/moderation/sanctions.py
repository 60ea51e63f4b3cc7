"""Whether a reader may take part (post, reply, report, react) right now."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from manchette.moderation import kept
from manchette.moderation.models import Sanction
from manchette.pagecache.stamped import stamped
from manchette.ui.dates import format_moment


def barred(user: Any) -> str | None:
    """Why this reader may not take part now (suspended, banned), or None.

    Called before every post, reply, report and reaction, so it reads the
    sanctions kept by the process (`kept`), not the database, most times.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    now = timezone.now()
    standing = stamped((kept.SANCTIONS,), _barring).get(user.pk, [])
    # Kept in the order that tells: a ban first, then the suspension ending last.
    sanction = next((s for s in standing if s.until is None or s.until > now), None)
    if sanction is None:
        return None
    if sanction.kind == Sanction.Kind.BAN:
        return _("Your account is banned from taking part: %(reason)s") % {
            "reason": sanction.reason
        }
    assert sanction.until is not None  # noqa: S101 (only suspensions with an end are read)
    return _("Your account is suspended until %(until)s: %(reason)s") % {
        "until": format_moment(sanction.until, "article"),
        "reason": sanction.reason,
    }


def _barring() -> dict[int, list[Sanction]]:
    """Every reader's bans and unfinished suspensions (a suspension ends without a save)."""
    barring: dict[int, list[Sanction]] = {}
    rows = (
        Sanction.objects.filter(lifted_at__isnull=True)
        .filter(
            Q(kind=Sanction.Kind.BAN) | Q(kind=Sanction.Kind.SUSPENSION, until__gt=timezone.now())
        )
        # A ban outweighs any suspension; among suspensions the one ending last tells.
        .order_by("kind", "-until")
    )
    for sanction in rows:
        barring.setdefault(sanction.user_id, []).append(sanction)
    return barring
