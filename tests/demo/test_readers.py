"""The demo's readers and comments: every queue of the desk has something in it."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from manchette.comments.models import Comment, Report
from manchette.demo.loader import ingest_demo, load_site
from manchette.demo.readers import REJECT_REASON, create_demo_readers
from tests.moderation.conftest import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(db):
    load_site()
    ingest_demo()


def test_the_demo_conversation_fills_every_queue(demo_site):
    moderator = make_reader("Modération", username="moderateur")
    made = create_demo_readers(moderator)
    assert made.readers >= 6 and made.comments >= 25
    assert Comment.objects.values("article").distinct().count() >= 8
    assert Comment.objects.filter(parent__isnull=False).count() >= 5
    pending = Comment.objects.filter(status="pending")
    assert {c.decided_by for c in pending} >= {
        "policy:suspect_words",
        "policy:links",
        "policy:article",
    }
    assert made.pending == pending.count() >= 4
    illegal = Report.objects.get(reason="illegal")
    assert illegal.outcome == "open" and illegal.law and illegal.explanation
    assert made.reported == 2
    rejected = Comment.objects.get(status="rejected")
    assert rejected.status_reason == REJECT_REASON
    assert rejected.decided_by == "moderator:moderateur"
    assert (
        Comment.objects.filter(decided_by="moderator:moderateur", status="published").count() == 2
    )
    # Replies come after what they answer.
    for reply in Comment.objects.filter(parent__isnull=False).select_related("parent"):
        assert reply.created_at >= reply.parent.created_at

    again = create_demo_readers(moderator)
    assert again == made


def test_the_demo_command_prints_the_desk_and_a_login_that_opens_it(client):
    out = StringIO()
    call_command("demo", "--no-serve", "--port", "8124", stdout=out)
    text = out.getvalue()
    assert "Demo comments:" in text
    assert "http://127.0.0.1:8124/moderation/" in text
    login = re.search(r"user (\S+)\s+password (\S+)", text)
    assert client.login(username=login.group(1), password=login.group(2))
    response = client.get("/moderation/file/signales/")
    assert response.status_code == 200
    assert "Loi du 29 juillet 1881" in response.content.decode()
