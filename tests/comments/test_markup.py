"""One comment's markup: what each reader sees of it, and nothing they typed runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from lxml import html

from manchette.comments.markup import comment_html
from manchette.comments.models import Comment
from manchette.comments.selectors import Shown

AUTHOR, OTHER = 7, 8
LOGIN = "/compte/connexion/?next=/article#commentaires"


def shown(**fields: Any) -> Shown:
    values: dict[str, Any] = {
        "pk": 42,
        "article_id": 1,
        "parent_id": None,
        "author_id": AUTHOR,
        "body": "Un avis.",
        "status": Comment.Status.PUBLISHED,
        "status_reason": "",
        "created_at": timezone.now(),
        "edited_at": None,
        "author_pseudonym": "Mésange",
        "report_url": "/commentaires/42/signaler/",
    }
    values.update(fields)
    return Shown(**values)


def seen(comment: Shown, reader_id: int | None = None, *, level: int = 3, open: bool = True):
    markup = comment_html(
        comment, level=level, reader_id=reader_id, open=open, order="recents", login_url=LOGIN
    )
    return html.fragment_fromstring(str(markup))


def actions(tree: Any) -> dict[str, tuple[str, bool]]:
    """Each action's label, with its address and whether it opens the report dialog."""
    return {
        a.text_content(): (a.get("href"), a.get("data-report") is not None)
        for a in tree.xpath(".//ul[@class='comment__actions']//a")
    }


def test_an_anonymous_reader_is_sent_to_log_in_to_reply_or_report():
    tree = seen(shown())
    assert tree.get("id") == "commentaire-42"
    assert tree.xpath(".//h3/bdi")[0].text == "Mésange"
    assert tree.xpath(".//time")[0].get("datetime")
    assert actions(tree) == {
        "Répondre": (LOGIN, False),
        "Signaler le commentaire": ("/commentaires/42/signaler/", False),
    }


def test_another_reader_replies_and_reports_in_place():
    found = actions(seen(shown(), OTHER))
    assert found["Répondre"][0].endswith("/42/repondre")
    assert found["Signaler le commentaire"] == ("/commentaires/42/signaler/", True)


def test_the_author_may_edit_and_delete_but_not_report_their_own():
    found = actions(seen(shown(), AUTHOR))
    assert {"Modifier", "Supprimer"} <= found.keys()
    assert "Signaler le commentaire" not in found
    assert found["Modifier"][0].endswith("?tri=recents")


def test_the_edit_window_closes():
    old = shown(created_at=timezone.now() - timedelta(hours=1))
    assert "Modifier" not in actions(seen(old, AUTHOR))


def test_replies_take_the_lower_heading_and_cannot_be_answered():
    tree = seen(shown(parent_id=41), OTHER, level=4)
    assert "comment--reply" in tree.get("class") and tree.xpath(".//h4")
    assert "Répondre" not in actions(tree)


def test_closed_threads_take_no_reply():
    assert "Répondre" not in actions(seen(shown(), OTHER, open=False))


def test_an_edited_comment_says_so():
    tree = seen(shown(edited_at=timezone.now()))
    assert tree.xpath(".//span[@class='comment__edited']")[0].text_content() == "(modifié)"


def test_a_held_comment_shows_to_its_author_alone_with_why():
    held = shown(status=Comment.Status.PENDING, status_reason="Premier commentaire.")
    theirs = seen(held, AUTHOR)
    assert "comment--unpublished" in theirs.get("class")
    assert theirs.xpath(".//p[@class='comment__status']")[0].text_content() == (
        "Vous seul voyez ce commentaire : il attend un modérateur. Premier commentaire."
    )
    for reader_id in (None, OTHER):
        assert seen(held, reader_id).text_content().strip() == (
            "Commentaire retiré par la modération"
        )


def test_a_deleted_comment_is_a_tombstone_even_for_its_author():
    gone = shown(status=Comment.Status.DELETED, body="Texte effacé.")
    tree = seen(gone, AUTHOR)
    assert "comment--tombstone" in tree.get("class")
    assert tree.text_content().strip() == "Commentaire supprimé"


def test_a_deleted_account_is_named_so_and_its_comments_can_still_be_reported():
    tree = seen(shown(author_id=None, author_pseudonym=None), OTHER)
    assert tree.xpath(".//h3")[0].text_content() == "compte supprimé"
    assert "Signaler le commentaire" in actions(tree)


def test_nothing_a_reader_typed_becomes_markup():
    tree = seen(
        shown(
            author_pseudonym='<img src=x onerror="alert(1)">',
            body="<script>alert(2)</script>",
            status=Comment.Status.REJECTED,
            status_reason="<b>gras</b>",
        ),
        AUTHOR,
    )
    assert not tree.xpath(".//img | .//script | .//b")
    assert tree.xpath(".//bdi")[0].text == '<img src=x onerror="alert(1)">'
    body = tree.xpath(".//div[@class='comment__body']")[0]
    assert "<script>alert(2)</script>" in body.text_content()
