"""Deleting an account: with the password, and the comments become what the site says."""

from __future__ import annotations

import pytest

from manchette.accounts.models import User
from manchette.comments.models import Comment, CommentRevision, Report
from tests.accounts.conftest import PASSWORD, make_reader
from tests.pages import get_page, text_of


@pytest.fixture
def thread(reader, article):
    other = make_reader(pseudonym="Dominique", email="dom@example.org")
    lonely = Comment.objects.create(
        article=article, author=reader, body="Sans réponse.", status=Comment.Status.PUBLISHED
    )
    CommentRevision.objects.create(comment=lonely, body="Ancien texte.")
    answered = Comment.objects.create(
        article=article, author=reader, body="Avec réponse.", status=Comment.Status.PUBLISHED
    )
    reply = Comment.objects.create(
        article=article,
        author=other,
        body="Je réponds.",
        parent=answered,
        status=Comment.Status.PUBLISHED,
    )
    Report.objects.create(comment=reply, reporter=reader, reason=Report.Reason.SPAM)
    return {"lonely": lonely, "answered": answered, "reply": reply, "other": other}


def delete(client, password=PASSWORD):
    return client.post("/compte/supprimer", {"password": password})


def test_the_password_is_asked_for(client, reader, thread):
    client.force_login(reader)
    page = get_page(client, "/compte/supprimer")
    field = page.find("input", attrs={"name": "password"})
    assert field["autocomplete"] == "current-password"
    response = delete(client, "wrong")
    assert response.status_code == 400
    assert User.objects.filter(pk=reader.pk).exists()


def test_by_default_comments_become_blank_tombstones(client, reader, thread, settings):
    settings.MANCHETTE_DELETED_ACCOUNT_COMMENTS = "blank"
    client.force_login(reader)
    response = delete(client)
    assert response["Location"] == "/compte/supprime"
    assert not User.objects.filter(pk=reader.pk).exists()
    for key in ("lonely", "answered"):
        tombstone = Comment.objects.get(pk=thread[key].pk)
        assert tombstone.author is None
        assert tombstone.body == ""
        assert tombstone.status == Comment.Status.DELETED
    assert not CommentRevision.objects.exists()
    assert Comment.objects.get(pk=thread["reply"].pk).body == "Je réponds."
    assert not Report.objects.exists()
    # Logged out: the account page asks to log in.
    assert client.get("/compte/").status_code == 302
    assert "Compte supprimé" in text_of(get_page(client, "/compte/supprime").h1)


def test_comments_can_keep_their_text(client, reader, thread, settings):
    settings.MANCHETTE_DELETED_ACCOUNT_COMMENTS = "keep"
    client.force_login(reader)
    assert "restent sur le site" in text_of(get_page(client, "/compte/supprimer").main)
    delete(client)
    kept = Comment.objects.get(pk=thread["lonely"].pk)
    assert kept.author is None
    assert kept.body == "Sans réponse."
    assert kept.status == Comment.Status.PUBLISHED


def test_comments_can_be_removed_except_where_others_replied(client, reader, thread, settings):
    settings.MANCHETTE_DELETED_ACCOUNT_COMMENTS = "remove"
    client.force_login(reader)
    delete(client)
    assert not Comment.objects.filter(pk=thread["lonely"].pk).exists()
    tombstone = Comment.objects.get(pk=thread["answered"].pk)
    assert tombstone.body == "" and tombstone.author is None
    assert Comment.objects.get(pk=thread["reply"].pk).parent_id == tombstone.pk


def test_another_readers_account_is_untouched(client, reader, thread):
    client.force_login(reader)
    delete(client)
    assert User.objects.filter(pk=thread["other"].pk).exists()
    assert Comment.objects.filter(author=thread["other"]).count() == 1


def test_a_mistyped_setting_is_reported_at_start_up(settings):
    from manchette.accounts.checks import deleted_account_comments

    assert deleted_account_comments() == []
    settings.MANCHETTE_DELETED_ACCOUNT_COMMENTS = "erase"
    [error] = deleted_account_comments()
    assert error.id == "accounts.E001"
