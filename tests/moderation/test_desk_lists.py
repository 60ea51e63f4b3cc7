"""Lists, rules, article comments and the log, edited at the desk and logged."""

from __future__ import annotations

import pytest

from manchette.moderation.models import AuditEntry, PremoderationRule, WatchedWord
from manchette.news.models import Article
from tests.moderation.conftest import make_comment, make_reader
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db


def test_moderators_edit_the_word_lists(desk_client):
    desk_client.post("/moderation/mots/", {"text": "Connard", "kind": "banned"})
    desk_client.post("/moderation/mots/", {"text": "arnaque", "kind": "suspect"})
    soup = get_page(desk_client, "/moderation/mots/")
    assert text_of(soup.select_one("#bannis-titre").parent.select_one(".desk-words__text")) == (
        "Connard"
    )
    word = WatchedWord.objects.get(text="Connard")
    assert word.canonical == "conard"
    # The same word again moves it to the other list rather than doubling it.
    desk_client.post("/moderation/mots/", {"text": "CONNARD", "kind": "suspect"})
    assert WatchedWord.objects.filter(kind="suspect").count() == 2
    desk_client.post(f"/moderation/mots/{word.pk}/retirer", {})
    assert not WatchedWord.objects.filter(pk=word.pk).exists()
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "word_add",
        "word_add",
        "word_add",
        "word_remove",
    ]


def test_a_word_without_letters_is_refused(desk_client):
    response = desk_client.post("/moderation/mots/", {"text": "!!!", "kind": "banned"})
    assert not WatchedWord.objects.exists()
    soup = get_page(desk_client, response["Location"])
    assert "Rien n’a été fait" in text_of(soup.select_one("#resultat"))


def test_moderators_add_and_remove_premoderation_rules(desk_client, article, sections):
    desk_client.post("/moderation/regles/", {"section": sections["monde"].pk, "note": "Sensible."})
    desk_client.post("/moderation/regles/", {"article": f"http://x{article.get_absolute_url()}"})
    rules = list(PremoderationRule.objects.order_by("id"))
    assert (rules[0].section, rules[0].note) == (sections["monde"], "Sensible.")
    assert rules[1].article == article
    soup = get_page(desk_client, "/moderation/regles/")
    assert len(soup.select(".desk-table tbody tr")) == 2
    desk_client.post(f"/moderation/regles/{rules[0].pk}/retirer", {})
    assert PremoderationRule.objects.count() == 1
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "rule_add",
        "rule_add",
        "rule_remove",
    ]


def test_a_rule_names_a_section_or_an_article_not_both(desk_client, article, sections):
    desk_client.post("/moderation/regles/", {})
    desk_client.post(
        "/moderation/regles/",
        {"section": sections["monde"].pk, "article": article.get_absolute_url()},
    )
    desk_client.post("/moderation/regles/", {"article": "/monde/actualites/rien-zzzzzzzzzz"})
    assert not PremoderationRule.objects.exists()


def test_editors_close_and_reopen_comments_on_an_article(client, editor, article):
    client.force_login(editor)
    make_comment(article, make_reader(), status="pending")
    soup = get_page(client, "/moderation/")
    form = soup.select_one(".desk-form--article")
    assert text_of(form.button) == "Fermer les commentaires de cet article"
    client.post(form["action"], {"closed": "1", "reason": "Débat hors de contrôle"})
    assert Article.objects.get(pk=article.pk).comments_closed
    soup = get_page(client, "/moderation/")
    assert text_of(soup.select_one(".desk-form--article button")) == (
        "Rouvrir les commentaires de cet article"
    )
    client.post(form["action"], {"closed": "0"})
    assert not Article.objects.get(pk=article.pk).comments_closed
    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.why) for e in entries] == [
        ("close", "Débat hors de contrôle"),
        ("open", ""),
    ]


def test_moderators_who_are_not_editors_cannot_close_comments(desk_client, article):
    make_comment(article, make_reader(), status="pending")
    soup = get_page(desk_client, "/moderation/")
    assert not soup.select(".desk-form--article")
    response = desk_client.post(f"/moderation/article/{article.pk}/commentaires", {"closed": "1"})
    assert response.status_code == 403
    assert not Article.objects.get(pk=article.pk).comments_closed


def test_sanctions_are_issued_from_the_reader_page(desk_client, article):
    reader = make_reader("Turbulent")
    url = f"/moderation/lecteur/{reader.pk}/"
    desk_client.post(url, {"kind": "suspension", "reason": "Insultes"})  # no length: refused
    assert not reader.sanctions.exists()
    desk_client.post(url, {"kind": "suspension", "days": "7", "reason": "Insultes"})
    desk_client.post(url, {"kind": "ban", "days": "3", "reason": "Récidive"})
    kinds = list(reader.sanctions.order_by("id").values_list("kind", "until"))
    assert kinds[0][0] == "suspension" and kinds[0][1] is not None
    assert kinds[1] == ("ban", None)
    soup = get_page(desk_client, "/moderation/sanctions/")
    assert [text_of(th) for th in soup.select(".desk-table tbody th")] == ["Turbulent"] * 2
    sanction = reader.sanctions.get(kind="ban")
    desk_client.post(f"/moderation/sanction/{sanction.pk}/lever", {"reason": "Recours"})
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None


def test_the_log_lists_every_action_and_filters(desk_client, moderator, article):
    from manchette.moderation import services

    other = make_reader("Autre", username="autre-moderateur", is_staff=True)
    first = make_comment(article, make_reader(), status="pending")
    second = make_comment(article, make_reader(), status="pending")
    services.approve(comment=first, moderator=moderator)
    services.reject(comment=second, moderator=other, reason="Spam")
    soup = get_page(desk_client, "/moderation/journal/")
    rows = soup.select(".desk-table tbody tr")
    assert [text_of(row.select("td")[0]) for row in rows] == ["autre-moderateur", "moderateur"]
    only = get_page(desk_client, "/moderation/journal/?moderateur=moderateur")
    assert len(only.select(".desk-table tbody tr")) == 1
    by_comment = get_page(desk_client, f"/moderation/journal/?commentaire={second.pk}")
    (row,) = by_comment.select(".desk-table tbody tr")
    assert "Spam" in text_of(row)
    assert desk_client.get("/moderation/journal/?commentaire=abc").status_code == 200


def test_the_log_is_read_only_in_the_admin(client, article):
    superuser = make_reader(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    from manchette.moderation import services

    comment = make_comment(article, make_reader(), status="pending")
    services.approve(comment=comment, moderator=superuser)
    entry = AuditEntry.objects.get()
    assert client.get("/admin/moderation/auditentry/").status_code == 200
    assert client.get("/admin/moderation/auditentry/add/").status_code == 403
    response = client.post(f"/admin/moderation/auditentry/{entry.pk}/change/", {"why": "réécrit"})
    entry.refresh_from_db()
    assert entry.why == "" and response.status_code in (200, 403)
    assert (
        client.post(f"/admin/moderation/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_words_added_in_the_admin_are_logged(client):
    superuser = make_reader(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.post("/admin/moderation/watchedword/add/", {"text": "escroc", "kind": "suspect"})
    assert WatchedWord.objects.get().canonical == "escroc"
    assert AuditEntry.objects.get().action == "word_add"
