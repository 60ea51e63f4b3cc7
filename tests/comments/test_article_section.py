"""The comment section of the article page, as readers and their browsers see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from manchette.comments.models import Comment
from tests.pages import get_page, text_of


def section(client, article, query=""):
    return get_page(client, article.get_absolute_url() + query).find(id="commentaires")


def heading(client, article):
    return text_of(section(client, article).find("h2"))


@pytest.mark.parametrize(
    ("published", "expected"),
    [(0, "Aucun commentaire"), (1, "1 commentaire"), (7, "7 commentaires")],
)
def test_the_heading_counts_published_comments_only(
    client, open_article, other_reader, add_comment, published, expected
):
    for n in range(published):
        add_comment(other_reader, f"Avis {n}")
    add_comment(other_reader, "en attente", status=Comment.Status.PENDING, published_at=None)
    add_comment(other_reader, "refusé", status=Comment.Status.REJECTED, published_at=None)
    assert heading(client, open_article) == expected


def test_replies_count_and_show_under_their_comment(client, open_article, reader, add_comment):
    first = add_comment(reader, "Question ?")
    add_comment(reader, "Réponse.", parent=first)
    page = section(client, open_article)
    assert text_of(page.find("h2")) == "2 commentaires"
    thread = page.find(id=f"commentaire-{first.pk}").find_parent("li")
    replies = thread.find(class_="comments__replies")
    assert text_of(replies.find(class_="comment__body")) == "Réponse."


def test_each_comment_shows_pseudonym_time_and_text(client, open_article, reader, add_comment):
    this_year = timezone.localtime().year
    created = datetime(this_year, 9, 11, 20, 4, tzinfo=UTC)  # 22:04 in Paris
    comment = add_comment(reader, "Bien vu.", created_at=created)
    node = section(client, open_article).find(id=f"commentaire-{comment.pk}")
    assert text_of(node.find(class_="comment__author")) == "Colombe"
    assert text_of(node.find("time")) == "11 septembre 22:04"
    assert text_of(node.find(class_="comment__body")) == "Bien vu."
    english = get_page(client, "/en" + open_article.get_absolute_url())
    assert text_of(english.find(id=f"commentaire-{comment.pk}").find("time")) == (
        "11 September 22:04"
    )


def test_a_comment_from_another_year_shows_its_year(client, open_article, reader, add_comment):
    last_year = timezone.localtime().year - 1
    comment = add_comment(reader, created_at=datetime(last_year, 9, 11, 20, 4, tzinfo=UTC))
    node = section(client, open_article).find(id=f"commentaire-{comment.pk}")
    assert text_of(node.find("time")) == f"11 septembre {last_year} 22:04"


def test_a_deleted_account_is_named_as_such(client, open_article, add_comment):
    comment = add_comment(None, "Orphelin.")
    node = section(client, open_article).find(id=f"commentaire-{comment.pk}")
    assert text_of(node.find(class_="comment__author")) == "compte supprimé"


def test_edited_comments_are_marked(client, open_article, reader, add_comment):
    comment = add_comment(reader, edited_at=timezone.now())
    node = section(client, open_article).find(id=f"commentaire-{comment.pk}")
    assert "(modifié)" in text_of(node.find(class_="comment__time"))


def test_newest_first_by_default_and_oldest_first_by_link(
    client, open_article, reader, add_comment
):
    now = timezone.now()
    old = add_comment(reader, "ancien", created_at=now - timedelta(hours=2))
    new = add_comment(reader, "récent", created_at=now - timedelta(hours=1))
    page = section(client, open_article)
    ids = [node["id"] for node in page.select(".comments__list > li > article")]
    assert ids == [f"commentaire-{new.pk}", f"commentaire-{old.pk}"]
    sort = page.find("nav", class_="comments__sort")
    assert text_of(sort.find("a", attrs={"aria-current": "true"})) == "Plus récents d’abord"
    oldest = sort.find("a", string="Plus anciens d’abord")["href"]
    page = get_page(client, oldest).find(id="commentaires")
    ids = [node["id"] for node in page.select(".comments__list > li > article")]
    assert ids == [f"commentaire-{old.pk}", f"commentaire-{new.pk}"]


def test_top_level_comments_are_paginated(client, open_article, reader, add_comment, settings):
    settings.MANCHETTE_COMMENTS_PER_PAGE = 3
    now = timezone.now()
    for n in range(7):
        add_comment(reader, f"n{n}", created_at=now - timedelta(minutes=n))
    page = section(client, open_article)
    assert len(page.select(".comments__list > li")) == 3
    assert "Page 1 sur 3" in text_of(page.find("nav", class_="pagination"))
    last = page.find("a", rel="next")["href"]
    assert parse_qs(urlsplit(last).query) == {"page": ["2"]}
    third = section(client, open_article, "?page=3")
    assert [text_of(b) for b in third.select(".comment__body")] == ["n6"]
    # A page past the end shows the last one rather than failing the article page.
    assert [
        text_of(b) for b in section(client, open_article, "?page=99").select(".comment__body")
    ] == ["n6"]


def test_own_held_and_refused_comments_show_to_their_author_only(
    open_article, reader, signed_in, add_comment
):
    held = add_comment(
        reader,
        "retenu",
        status=Comment.Status.PENDING,
        status_reason="Premiers commentaires relus.",
        published_at=None,
    )
    refused = add_comment(
        reader,
        "refusé",
        status=Comment.Status.REJECTED,
        status_reason="Mot interdit.",
        published_at=None,
    )
    page = section(signed_in, open_article)
    held_status = text_of(page.find(id=f"commentaire-{held.pk}").find(class_="comment__status"))
    assert "attend un modérateur" in held_status
    assert "Premiers commentaires relus." in held_status
    assert "Mot interdit." in text_of(page.find(id=f"commentaire-{refused.pk}"))
    other = section(Client(), open_article)
    assert other.find(id=f"commentaire-{held.pk}") is None
    assert other.find(id=f"commentaire-{refused.pk}") is None


def test_a_deleted_comment_with_replies_leaves_a_tombstone(
    client, open_article, reader, other_reader, add_comment
):
    gone = add_comment(reader, "regretté", status=Comment.Status.DELETED)
    add_comment(other_reader, "Je réponds.", parent=gone)
    alone = add_comment(reader, "seul", status=Comment.Status.DELETED)
    page = section(client, open_article)
    tombstone = page.find(id=f"commentaire-{gone.pk}")
    assert text_of(tombstone) == "Commentaire supprimé"
    assert "regretté" not in page.get_text()
    assert "Je réponds." in page.get_text()
    assert page.find(id=f"commentaire-{alone.pk}") is None


def test_anonymous_readers_are_asked_to_log_in_and_come_back(client, open_article):
    page = section(client, open_article)
    assert page.find("form") is None
    link = page.find("a", string="Connectez-vous pour commenter")
    url = urlsplit(link["href"])
    assert url.path == settings.LOGIN_URL or url.path.startswith("/")
    assert parse_qs(url.query)["next"] == [f"{open_article.get_absolute_url()}#commentaires"]


def test_every_comment_can_be_reported_anonymous_readers_via_the_login(
    client, open_article, reader, add_comment
):
    comment = add_comment(reader)
    node = section(client, open_article).find(id=f"commentaire-{comment.pk}")
    link = node.find("a", string="Signaler le commentaire")
    assert parse_qs(urlsplit(link["href"]).query)["next"] == [
        f"/commentaires/{comment.pk}/signaler"
    ]


def test_the_anonymous_article_page_is_the_same_for_everyone(
    client, open_article, add_comment, reader
):
    """No cookie, no token, no session read: a shared cache may keep it whole."""
    add_comment(reader)
    response = client.get(open_article.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.wsgi_request.session.accessed
    # It varies only on the language, the contrast cookie and compression.
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    assert vary <= {"accept-language", "accept-encoding", "cookie"}


def test_signed_in_readers_get_the_form(open_article, signed_in):
    page = section(signed_in, open_article)
    form = page.find("form", class_="comment-form")
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    assert page.find("label", attrs={"for": "id_body"})
    assert page.find("dialog", id="signaler").find("legend")


def test_old_articles_are_closed_to_comments(client, open_article, signed_in, settings):
    open_article.published_at = timezone.now() - timedelta(days=15)
    open_article.save(update_fields=["published_at"])
    page = section(signed_in, open_article)
    assert page.find("form", class_="comment-form") is None
    assert "Les commentaires sont fermés" in text_of(page.find(class_="comments__closed"))
    settings.MANCHETTE_COMMENTS_OPEN_DAYS = 30
    assert section(signed_in, open_article).find("form", class_="comment-form")


def test_editors_can_close_comments(client, open_article, signed_in):
    open_article.comments_closed = True
    open_article.save(update_fields=["comments_closed"])
    page = section(signed_in, open_article)
    assert page.find("form", class_="comment-form") is None
    assert "Les commentaires sont fermés" in text_of(page.find(class_="comments__closed"))
