"""Decisions at the desk: approve, reject with a reason, decide reports, tell reporters."""

from __future__ import annotations

import pytest
from django.core import mail

from manchette.comments.models import Comment, Report
from manchette.moderation.models import AuditEntry
from tests.moderation.conftest import make_comment, make_reader, make_report
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db


def post(client, url, data=None, next_url="/moderation/"):
    response = client.post(url, {"next": next_url, **(data or {})})
    assert response.status_code == 302, response.status_code
    return response


def test_approving_publishes_and_says_so(desk_client, article):
    comment = make_comment(article, make_reader(), status="pending", decided_by="policy:site")
    response = post(desk_client, f"/moderation/commentaire/{comment.pk}/approuver")
    assert response["Location"] == "/moderation/#resultat"
    comment.refresh_from_db()
    assert comment.status == "published" and comment.published_at is not None
    assert comment.decided_by == "moderator:moderateur"
    assert comment.status_reason == ""
    soup = get_page(desk_client, response["Location"])
    status = soup.select_one("#resultat")
    assert status["role"] == "status" and status["tabindex"] == "-1"
    assert f"Commentaire n° {comment.pk} approuvé." in text_of(status)
    assert not soup.select(f"#commentaire-{comment.pk}")


def test_rejecting_gives_the_author_a_reason(desk_client, article):
    comment = make_comment(article, make_reader())
    post(
        desk_client,
        f"/moderation/commentaire/{comment.pk}/rejeter",
        {"reason": "insults", "details": "Visait un autre lecteur."},
    )
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.status_reason == "Insultes ou attaques personnelles. Visait un autre lecteur."
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.comment_ref, entry.actor_name) == (
        "reject",
        comment.pk,
        "moderateur",
    )
    assert entry.why == comment.status_reason


def test_rejecting_for_another_reason_needs_words(desk_client, article):
    comment = make_comment(article, make_reader())
    response = post(
        desk_client, f"/moderation/commentaire/{comment.pk}/rejeter", {"reason": "other"}
    )
    comment.refresh_from_db()
    assert comment.status == "published"
    soup = get_page(desk_client, response["Location"])
    assert "Rien n’a été fait" in text_of(soup.select_one("#resultat"))
    post(
        desk_client,
        f"/moderation/commentaire/{comment.pk}/rejeter",
        {"reason": "other", "details": "Hors charte."},
    )
    comment.refresh_from_db()
    assert (comment.status, comment.status_reason) == ("rejected", "Hors charte.")


def test_the_redirect_never_leaves_the_site(desk_client, article):
    comment = make_comment(article, make_reader(), status="pending")
    response = post(
        desk_client,
        f"/moderation/commentaire/{comment.pk}/approuver",
        next_url="https://evil.example/",
    )
    assert response["Location"] == "/moderation/#resultat"


def test_actions_need_post_and_csrf(client, moderator, article):
    from django.test import Client

    comment = make_comment(article, make_reader(), status="pending")
    client.force_login(moderator)
    assert client.get(f"/moderation/commentaire/{comment.pk}/approuver").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    assert strict.post(f"/moderation/commentaire/{comment.pk}/approuver").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


@pytest.fixture
def illegal(article):
    """A comment reported as illegal by one reader, as offensive by another, and disagreed with."""
    author = make_reader("Auteur")
    comment = make_comment(article, author, "Untel est un escroc, il a volé la caisse.\nSigné X")
    accuser = make_reader("Vigilant")
    make_report(
        comment,
        accuser,
        "illegal",
        law="Loi du 29 juillet 1881, art. 29",
        explanation="Diffamation.",
    )
    make_report(comment, make_reader("Choqué"), "offensive")
    # As `comments.services.report_file` files it: noted at once, never in the queue.
    make_report(comment, make_reader("Contre"), "disagree", outcome="noted")
    return comment


def test_removing_an_illegal_comment_sends_a_statement_of_reasons(
    desk_client, illegal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(
            desk_client,
            f"/moderation/commentaire/{illegal.pk}/signalements",
            {
                "outcome": "removed",
                "ground": "law",
                "explanation": "Accusation nominative d’un délit sans élément.",
            },
            next_url="/moderation/file/signales/",
        )
    illegal.refresh_from_db()
    assert illegal.status == "rejected"
    assert illegal.status_reason == "Accusation nominative d’un délit sans élément."
    reports = {r.reason: r for r in illegal.reports.all()}
    assert reports["illegal"].outcome == reports["offensive"].outcome == "removed"
    assert reports["disagree"].outcome == "noted"
    assert reports["illegal"].decided_at and reports["offensive"].decided_at
    statement = reports["illegal"].outcome_statement
    for part in (
        "Décision",
        "retiré du site",
        "Faits et circonstances",
        "Accusation nominative",
        "Fondement juridique",
        "Loi du 29 juillet 1881, art. 29",
        "Moyens automatisés",
        "aucun moyen automatisé",
        "Voies de recours",
        "article 21",
    ):
        assert part in statement, part
    assert "Voies de recours" not in reports["offensive"].outcome_statement

    # Reporters are told by e-mail; disagreeing was never a request to act.
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {
        reports["illegal"].reporter.email,
        reports["offensive"].reporter.email,
    }
    message = by_address[reports["illegal"].reporter.email]
    assert statement in message.body
    assert "> Untel est un escroc, il a volé la caisse.\n> Signé X" in message.body
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
    assert "commentaire retiré" in message.subject


def test_keeping_a_reported_comment_marks_it_read(
    desk_client, illegal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(
            desk_client,
            f"/moderation/commentaire/{illegal.pk}/signalements",
            {"outcome": "kept", "ground": "terms", "explanation": "Opinion sur un fait public."},
        )
    illegal.refresh_from_db()
    assert illegal.status == "published"
    assert illegal.decided_by == "moderator:moderateur"
    illegal_report = illegal.reports.get(reason="illegal")
    assert illegal_report.outcome == "kept"
    assert "Fondement : aucun" in illegal_report.outcome_statement
    assert len(mail.outbox) == 2
    soup = get_page(desk_client, "/moderation/file/signales/")
    assert not soup.select(f"#commentaire-{illegal.pk}")


def test_a_decision_needs_a_statement(desk_client, illegal):
    post(
        desk_client,
        f"/moderation/commentaire/{illegal.pk}/signalements",
        {"outcome": "removed", "ground": "law", "explanation": ""},
    )
    assert illegal.reports.filter(outcome="open").count() == 2


def test_rejecting_a_reported_comment_closes_its_reports(desk_client, illegal):
    post(
        desk_client,
        f"/moderation/commentaire/{illegal.pk}/rejeter",
        {"reason": "illegal"},
    )
    assert set(illegal.reports.values_list("outcome", flat=True)) == {"removed", "noted"}


def test_approving_a_reported_comment_keeps_it(desk_client, illegal):
    post(desk_client, f"/moderation/commentaire/{illegal.pk}/approuver")
    assert not illegal.reports.filter(outcome=Report.Outcome.OPEN).exists()
    assert illegal.reports.get(reason="offensive").outcome == "kept"


def test_e_mails_quote_reader_text_as_plain_text(
    desk_client, article, django_capture_on_commit_callbacks
):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    comment = make_comment(article, make_reader(), payload)
    make_report(comment, make_reader(), "illegal", law=payload, explanation=payload)
    with django_capture_on_commit_callbacks(execute=True):
        post(
            desk_client,
            f"/moderation/commentaire/{comment.pk}/signalements",
            {"outcome": "removed", "ground": "law", "explanation": payload},
        )
    (message,) = mail.outbox
    assert message.content_subtype == "plain"
    assert message.message().get_content_type() == "text/plain"
    assert f"> {payload}" in message.body  # quoted as typed, never turned into markup


def test_two_moderators_cannot_decide_twice(desk_client, article, moderator):
    from manchette.moderation import services

    comment = make_comment(article, make_reader(), status="pending")
    services.approve(comment=comment, moderator=moderator)
    services.reject(comment=comment, moderator=moderator, reason="Après relecture.")
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert list(
        AuditEntry.objects.filter(comment_ref=comment.pk)
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["approve", "reject"]


def test_a_decided_comment_is_gone_from_the_pending_queue(desk_client, article):
    held = [make_comment(article, make_reader(), f"n{n}", status="pending") for n in range(3)]
    post(desk_client, f"/moderation/commentaire/{held[1].pk}/approuver")
    assert list(Comment.objects.filter(status="pending").values_list("pk", flat=True)) == [
        held[0].pk,
        held[2].pk,
    ]
