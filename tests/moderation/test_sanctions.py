"""Who may take part: warnings never bar, suspensions bar until their end, bans for good."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from manchette.moderation import services
from manchette.moderation.models import AuditEntry
from manchette.moderation.sanctions import barred

pytestmark = pytest.mark.django_db


def test_a_reader_in_good_standing_is_not_barred(reader):
    assert barred(reader) is None
    assert barred(AnonymousUser()) is None
    assert barred(None) is None


def test_a_warning_does_not_bar(reader, moderator):
    services.issue_sanction(user=reader, moderator=moderator, kind="warning", reason="Ton.")
    assert barred(reader) is None


def test_a_suspension_bars_until_its_end_and_says_when(reader, moderator, monkeypatch):
    sanction = services.issue_sanction(
        user=reader, moderator=moderator, kind="suspension", reason="Insultes répétées", days=7
    )
    why = barred(reader)
    assert why is not None
    assert "Insultes répétées" in why
    local = timezone.localtime(sanction.until)
    assert local.strftime("%d/%m/%Y") in why
    # A suspension ends with time, with nothing saved: a minute past its end, it no longer bars.
    later = sanction.until + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert barred(reader) is None


def test_a_ban_bars_for_good_until_lifted(reader, moderator):
    sanction = services.issue_sanction(
        user=reader, moderator=moderator, kind="ban", reason="Spam commercial"
    )
    assert "Spam commercial" in barred(reader)
    services.lift_sanction(sanction=sanction, moderator=moderator, reason="Erreur")
    assert barred(reader) is None


def test_a_suspension_needs_a_length(reader, moderator):
    with pytest.raises(ValueError):
        services.issue_sanction(user=reader, moderator=moderator, kind="suspension", reason="x")


def test_sanctions_are_logged(reader, moderator):
    sanction = services.issue_sanction(
        user=reader, moderator=moderator, kind="suspension", reason="Propos haineux", days=3
    )
    services.lift_sanction(sanction=sanction, moderator=moderator, reason="Recours accepté")
    entries = list(AuditEntry.objects.order_by("at", "id"))
    assert [e.action for e in entries] == ["sanction", "lift"]
    assert entries[0].why == "Propos haineux" and "Camille" in entries[0].what
    assert entries[1].why == "Recours accepté"
    assert all(e.actor_name == "moderateur" for e in entries)
