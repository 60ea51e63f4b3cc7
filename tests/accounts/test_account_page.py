"""'Mon compte': my comments and why they are held, my reports and what came of them."""

from __future__ import annotations

import json

from django.utils import timezone

from manchette.comments.models import Comment, CommentRevision, Report
from tests.accounts.conftest import make_reader
from tests.pages import get_page, text_of


def comment(article, author, body, status=Comment.Status.PUBLISHED, reason="", parent=None):
    return Comment.objects.create(
        article=article,
        author=author,
        body=body,
        status=status,
        status_reason=reason,
        parent=parent,
    )


def test_the_page_needs_an_account(client, db):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion?next=/compte/")


def test_my_comments_show_their_status_and_the_reason_given(client, reader, article):
    other = make_reader(pseudonym="Dominique", email="dom@example.org")
    comment(article, reader, "Bien vu.")
    comment(
        article,
        reader,
        "Premier message.",
        Comment.Status.PENDING,
        "Vos premiers commentaires sont relus avant publication.",
    )
    comment(article, reader, "Hors sujet.", Comment.Status.REJECTED, "Hors sujet.")
    comment(article, other, "Pas le mien.")
    client.force_login(reader)
    page = get_page(client, "/compte/")
    items = page.find(id="mes-commentaires").find_parent("section").find_all("li")
    assert len(items) == 3
    texts = [text_of(item) for item in items]
    assert "Refusé par la modération" in texts[0] and "Motif : Hors sujet." in texts[0]
    assert "Retenu pour relecture" in texts[1] and "relus avant publication" in texts[1]
    assert "Publié" in texts[2]
    assert all("Pas le mien" not in text for text in texts)
    link = items[2].find("a")["href"]
    assert link.startswith(article.get_absolute_url()) and link.endswith(
        f"#commentaire-{Comment.objects.filter(body='Bien vu.').get().pk}"
    )


def test_my_reports_show_the_outcome_and_the_statement_of_reasons(client, reader, article):
    author = make_reader(pseudonym="Dominique", email="dom@example.org")
    target = comment(article, author, "Propos illicites.")
    Report.objects.create(
        comment=target,
        reporter=reader,
        reason=Report.Reason.ILLEGAL,
        law="Loi de 1881",
        explanation="Injure.",
        outcome=Report.Outcome.REMOVED,
        outcome_statement="Commentaire retiré : injure publique (loi du 29 juillet 1881).",
        decided_at=timezone.now(),
    )
    waiting = comment(article, author, "Autre chose.")
    Report.objects.create(comment=waiting, reporter=reader, reason=Report.Reason.SPAM)
    client.force_login(reader)
    page = get_page(client, "/compte/")
    items = page.find(id="mes-signalements").find_parent("section").find_all("li")
    assert len(items) == 2
    assert "Suite donnée : En attente d’examen" in text_of(items[0])
    assert "Spam ou publicité" in text_of(items[0])
    decided = text_of(items[1])
    assert "Commentaire retiré" in decided and "Contenu illicite" in decided
    assert "injure publique" in decided
    assert "Exposé des motifs" in decided


def test_the_english_page(client, reader):
    client.force_login(reader)
    page = get_page(client, "/en/compte/")
    assert page.find("h1").string == "My account"
    assert "You have not commented yet." in text_of(page.main)


def test_a_reader_changes_their_pseudonym(client, reader):
    make_reader(pseudonym="Dominique", email="dom@example.org")
    client.force_login(reader)
    field = get_page(client, "/compte/pseudonyme").find("input", attrs={"name": "pseudonym"})
    assert field["value"] == "Camille" and field["autocomplete"] == "nickname"
    assert client.post("/compte/pseudonyme", {"pseudonym": "DOMINIQUE"}).status_code == 400
    # A reader may change the case of their own pseudonym.
    assert client.post("/compte/pseudonyme", {"pseudonym": "CAMILLE"}).status_code == 302
    assert client.post("/compte/pseudonyme", {"pseudonym": "Camille B."}).status_code == 302
    reader.refresh_from_db()
    assert reader.pseudonym == "Camille B."
    assert "Camille B." in text_of(get_page(client, "/compte/").main)


def test_my_data_has_my_account_comments_revisions_and_reports(client, reader, article):
    author = make_reader(pseudonym="Dominique", email="dom@example.org")
    mine = comment(article, reader, "Version finale.", Comment.Status.REJECTED, "Spam.")
    CommentRevision.objects.create(comment=mine, body="Premier jet.")
    theirs = comment(article, author, "Leur texte.")
    comment(article, author, "Autre texte à eux.")
    Report.objects.create(
        comment=theirs,
        reporter=reader,
        reason=Report.Reason.OTHER,
        explanation="Pourquoi.",
        outcome=Report.Outcome.KEPT,
        outcome_statement="Conforme à la charte.",
    )
    client.force_login(reader)
    response = client.get("/compte/donnees.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "camille@example.org"
    assert data["account"]["pseudonym"] == "Camille"
    assert data["account"]["roles"] == ["reader"]
    [exported] = data["comments"]
    assert exported["text"] == "Version finale."
    assert exported["status"] == "rejected" and exported["reason"] == "Spam."
    assert [r["text"] for r in exported["earlier_versions"]] == ["Premier jet."]
    [report] = data["reports"]
    assert report["comment"] == theirs.pk
    assert report["outcome"] == "kept"
    assert report["statement_of_reasons"] == "Conforme à la charte."
    assert "Leur texte." not in response.content.decode()
    assert "password" not in response.content.decode()


def test_my_data_needs_an_account(client, db):
    assert client.get("/compte/donnees.json").status_code == 302


def test_my_comments_are_paged_and_each_list_keeps_its_own_page(client, reader, article):
    author = make_reader(pseudonym="Dominique", email="dom@example.org")
    for n in range(52):
        comment(article, reader, f"Commentaire numéro {n}.")
    for n in range(51):
        target = comment(article, author, f"Le leur, {n}.")
        Report.objects.create(comment=target, reporter=reader, reason=Report.Reason.SPAM)
    client.force_login(reader)

    def comments_on(page):
        return page.find(id="mes-commentaires").find_parent("section").find_all("blockquote")

    first = get_page(client, "/compte/")
    assert len(comments_on(first)) == 50
    assert "Commentaire numéro 51." in text_of(comments_on(first)[0])
    nav = first.find(id="mes-commentaires").find_parent("section").find("nav")
    assert nav["aria-label"]
    assert nav.select_one('[aria-current="page"]') is not None
    assert nav.find("a", rel="prev") is None
    second_url = nav.find("a", rel="next")["href"]
    assert second_url.endswith("#mes-commentaires")

    second = get_page(client, second_url.split("#")[0])
    assert [text_of(q) for q in comments_on(second)] == [
        "Commentaire numéro 1.",
        "Commentaire numéro 0.",
    ]
    # Paging the reports keeps the comments on their second page.
    reports_nav = second.find(id="mes-signalements").find_parent("section").find("nav")
    both = reports_nav.find("a", rel="next")["href"].split("#")[0]
    page = get_page(client, both)
    assert len(comments_on(page)) == 2
    reports = page.find(id="mes-signalements").find_parent("section").find("ul").find_all("li")
    assert len(reports) == 1
    back = page.find(id="mes-commentaires").find_parent("section").find("nav")
    assert back.find("a", rel="prev")["href"] == "/compte/?signalements=2#mes-commentaires"
