"""Posting, replying, editing and deleting, each as a plain form without JavaScript."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from manchette.comments.models import Comment, CommentRevision
from manchette.moderation.policy import Verdict
from tests.pages import text_of


def post(client, article, body, **extra):
    return client.post(f"/commentaires/article/{article.public_id}", {"body": body, **extra})


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def follow(client, location):
    url = urlsplit(location)
    return page_of(client.get(f"{url.path}?{url.query}" if url.query else url.path))


def test_a_posted_comment_is_shown_at_its_anchor(open_article, signed_in, reader):
    response = post(signed_in, open_article, "Premier !\n\nEt un second paragraphe.")
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.author == reader
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.decided_by
    assert response["Location"].endswith(f"#commentaire-{comment.pk}")
    node = follow(signed_in, response["Location"]).find(id=f"commentaire-{comment.pk}")
    assert [p.get_text() for p in node.find(class_="comment__body").find_all("p")] == [
        "Premier !",
        "Et un second paragraphe.",
    ]


def test_a_comment_held_by_the_policy_says_so_to_its_author(open_article, signed_in, monkeypatch):
    monkeypatch.setattr(
        "manchette.moderation.policy.evaluate",
        lambda comment: Verdict(
            "pending", "policy:newcomer", "Vos premiers commentaires sont relus."
        ),
    )
    response = post(signed_in, open_article, "Bonjour.")
    comment = Comment.objects.get()
    assert (comment.status, comment.decided_by) == ("pending", "policy:newcomer")
    assert comment.published_at is None
    node = follow(signed_in, response["Location"]).find(id=f"commentaire-{comment.pk}")
    assert "Vos premiers commentaires sont relus." in text_of(node.find(class_="comment__status"))
    assert Client().get(open_article.get_absolute_url()).content.count(b"Bonjour.") == 0


def test_the_new_comment_is_found_on_its_page_of_the_thread(
    open_article, signed_in, other_reader, add_comment, settings
):
    settings.MANCHETTE_COMMENTS_PER_PAGE = 2
    for n in range(5):
        add_comment(other_reader, f"n{n}", created_at=timezone.now() - timedelta(hours=5 - n))
    response = post(signed_in, open_article, "Le dernier mot.", tri="anciens")
    comment = Comment.objects.latest("id")
    assert "tri=anciens" in response["Location"] and "page=3" in response["Location"]
    assert follow(signed_in, response["Location"]).find(id=f"commentaire-{comment.pk}")


def test_empty_text_is_refused_and_the_form_says_why(open_article, signed_in):
    response = post(signed_in, open_article, "   \n ")
    assert response.status_code == 400
    page = page_of(response)
    assert text_of(page.title).startswith("Erreur")
    assert "Écrivez quelque chose avant de publier." in text_of(page.find(class_="form-errors"))
    assert page.find("textarea")["aria-invalid"] == "true"
    assert not Comment.objects.exists()


def test_text_over_the_limit_is_refused_and_kept_in_the_form(open_article, signed_in):
    response = post(signed_in, open_article, "a" * 5001)
    assert response.status_code == 400
    assert page_of(response).find("textarea").get_text() == "a" * 5001


def test_anonymous_posts_go_to_the_login(client, open_article):
    response = post(client, open_article, "Bonjour.")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_posting_without_a_token_is_refused(open_article, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert post(client, open_article, "Bonjour.").status_code == 403
    assert not Comment.objects.exists()


def test_closed_articles_refuse_posts(open_article, signed_in):
    open_article.comments_closed = True
    open_article.save(update_fields=["comments_closed"])
    response = post(signed_in, open_article, "Trop tard ?")
    assert response.status_code == 403
    assert "Les commentaires sont fermés" in text_of(page_of(response).find(class_="form-refusal"))
    assert not Comment.objects.exists()


def test_barred_readers_cannot_post(open_article, signed_in, monkeypatch):
    monkeypatch.setattr("manchette.moderation.sanctions.barred", lambda user: "Compte suspendu.")
    response = post(signed_in, open_article, "Bonjour.")
    assert response.status_code == 403
    assert text_of(page_of(response).find(class_="form-refusal")) == "Compte suspendu."
    assert not Comment.objects.exists()


def test_replies_have_their_own_page_and_land_under_the_comment(
    open_article, signed_in, other_reader, add_comment
):
    parent = add_comment(other_reader, "Qu’en pensez-vous ?")
    form_page = page_of(signed_in.get(f"/commentaires/{parent.pk}/repondre"))
    assert "Qu’en pensez-vous ?" in text_of(form_page.find("blockquote"))
    response = signed_in.post(f"/commentaires/{parent.pk}/repondre", {"body": "Du bien."})
    reply = Comment.objects.get(parent=parent)
    node = follow(signed_in, response["Location"]).find(id=f"commentaire-{reply.pk}")
    assert node.find_parent("ol", class_="comments__replies")


def test_a_reply_lands_on_the_page_showing_the_comment_it_answers(
    open_article, signed_in, other_reader, add_comment, settings
):
    """Newest first, two a page: the oldest of four is on page 2, and so is its reply.
    A refused comment only its author sees does not push the others back."""
    settings.MANCHETTE_COMMENTS_PER_PAGE = 2
    made = [
        add_comment(other_reader, f"n{n}", created_at=timezone.now() - timedelta(hours=5 - n))
        for n in range(4)
    ]
    refused = add_comment(other_reader, "Refusé.", created_at=timezone.now())
    Comment.objects.filter(pk=refused.pk).update(status=Comment.Status.REJECTED)
    response = signed_in.post(f"/commentaires/{made[0].pk}/repondre", {"body": "Tout au fond."})
    reply = Comment.objects.get(body="Tout au fond.")
    assert "page=2" in response["Location"]
    assert follow(signed_in, response["Location"]).find(id=f"commentaire-{reply.pk}")


def test_a_reply_to_a_reply_joins_the_first_comment(
    open_article, signed_in, other_reader, add_comment
):
    parent = add_comment(other_reader, "Sujet.")
    reply = add_comment(other_reader, "Réponse.", parent=parent)
    signed_in.post(f"/commentaires/{reply.pk}/repondre", {"body": "Moi aussi."})
    assert Comment.objects.get(body="Moi aussi.").parent == parent


def test_anonymous_reply_links_lead_to_the_login(client, open_article, other_reader, add_comment):
    parent = add_comment(other_reader)
    response = client.get(f"/commentaires/{parent.pk}/repondre")
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_the_author_edits_within_the_window_and_the_old_text_is_kept(
    open_article, signed_in, reader, add_comment
):
    comment = add_comment(reader, "Premier jet.")
    page = page_of(signed_in.get(f"/commentaires/{comment.pk}/modifier"))
    assert page.find("textarea").get_text() == "Premier jet."
    response = signed_in.post(f"/commentaires/{comment.pk}/modifier", {"body": "Version revue."})
    assert response.status_code == 303
    comment.refresh_from_db()
    assert comment.body == "Version revue."
    assert comment.edited_at is not None
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["Premier jet."]
    node = follow(signed_in, response["Location"]).find(id=f"commentaire-{comment.pk}")
    assert "(modifié)" in text_of(node)


def test_editing_closes_after_the_window(open_article, signed_in, reader, add_comment, settings):
    comment = add_comment(reader, "Figé.", created_at=timezone.now() - timedelta(minutes=6))
    response = signed_in.post(f"/commentaires/{comment.pk}/modifier", {"body": "Changé."})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Figé."
    node = page_of(signed_in.get(open_article.get_absolute_url())).find(
        id=f"commentaire-{comment.pk}"
    )
    assert node.find("a", string="Modifier") is None
    settings.MANCHETTE_COMMENT_EDIT_MINUTES = 10
    assert (
        signed_in.post(f"/commentaires/{comment.pk}/modifier", {"body": "Changé."}).status_code
        == 303
    )


def test_an_edit_is_read_again_by_the_policy(
    open_article, signed_in, reader, add_comment, monkeypatch
):
    comment = add_comment(reader, "Correct.")
    monkeypatch.setattr(
        "manchette.moderation.policy.evaluate",
        lambda c: Verdict("rejected", "policy:words", "Mot interdit."),
    )
    signed_in.post(f"/commentaires/{comment.pk}/modifier", {"body": "Grossier."})
    comment.refresh_from_db()
    assert (comment.status, comment.status_reason) == ("rejected", "Mot interdit.")


def test_nobody_else_edits_or_deletes_a_comment(open_article, signed_in, other_reader, add_comment):
    comment = add_comment(other_reader, "À moi.")
    assert signed_in.get(f"/commentaires/{comment.pk}/modifier").status_code == 404
    assert signed_in.post(f"/commentaires/{comment.pk}/modifier", {"body": "x"}).status_code == 404
    assert signed_in.post(f"/commentaires/{comment.pk}/supprimer").status_code == 404
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("À moi.", "published")


def test_deleting_a_comment_without_replies_removes_it_from_the_page(
    open_article, signed_in, reader, add_comment
):
    comment = add_comment(reader, "Oups.")
    confirm = page_of(signed_in.get(f"/commentaires/{comment.pk}/supprimer"))
    assert confirm.find("form", class_="delete-form")["method"] == "post"
    response = signed_in.post(f"/commentaires/{comment.pk}/supprimer")
    assert response.status_code == 303
    page = follow(signed_in, response["Location"])
    assert page.find(id=f"commentaire-{comment.pk}") is None
    assert "Oups." not in page.get_text()


def test_deleting_a_comment_with_replies_leaves_a_tombstone(
    open_article, signed_in, reader, other_reader, add_comment
):
    comment = add_comment(reader, "Avis contesté.")
    add_comment(other_reader, "Je conteste.", parent=comment)
    response = signed_in.post(f"/commentaires/{comment.pk}/supprimer")
    node = follow(signed_in, response["Location"]).find(id=f"commentaire-{comment.pk}")
    assert text_of(node) == "Commentaire supprimé"


@pytest.mark.usefixtures("open_article")
def test_posting_too_fast_is_slowed_down_with_the_text_kept(open_article, signed_in, settings):
    from manchette import ratelimit

    settings.MANCHETTE_RATE_LIMITS = True
    ratelimit.reset()
    statuses = [post(signed_in, open_article, f"Message {n}").status_code for n in range(8)]
    assert statuses[:6] == [303] * 6
    refused = post(signed_in, open_article, "Encore un.")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    page = page_of(refused)
    assert "Trop de commentaires" in text_of(page.find(class_="form-refusal"))
    assert page.find("textarea").get_text() == "Encore un."
    assert Comment.objects.count() == 6
    ratelimit.reset()
