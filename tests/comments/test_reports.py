"""“Signaler le commentaire”: the report page, its reasons, and one report per reader."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from manchette.comments.models import Comment, Report
from tests.pages import text_of


@pytest.fixture
def comment(add_comment, other_reader):
    return add_comment(other_reader, "Un avis tranché.")


def report(client, comment, **data):
    return client.post(f"/commentaires/{comment.pk}/signaler", data)


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_report_page_offers_every_reason_in_a_fieldset(signed_in, comment):
    page = page_of(signed_in.get(f"/commentaires/{comment.pk}/signaler"))
    assert "Un avis tranché." in text_of(page.find("blockquote"))
    fieldset = page.find("form", class_="report-form").find("fieldset")
    assert text_of(fieldset.find("legend")) == "Pourquoi signalez-vous ce commentaire ?"
    labels = [
        text_of(page.find("label", attrs={"for": r["id"]}))
        for r in fieldset.find_all("input", type="radio")
    ]
    assert labels == [
        "Injurieux",
        "Harcèlement",
        "Spam ou publicité",
        "Contenu illicite",
        "Autre",
        "Je ne suis pas d’accord",
    ]
    hint = page.find(id=fieldset.find("input", value="disagree")["aria-describedby"])
    assert "pas une raison de retirer" in text_of(hint)


def test_a_report_is_recorded_and_the_reader_thanked(signed_in, reader, comment):
    response = report(signed_in, comment, reason="spam")
    assert response.status_code == 200
    outcome = page_of(response).find(class_="report-outcome")
    assert outcome["role"] == "status"
    assert "transmis aux modérateurs" in text_of(outcome)
    filed = Report.objects.get()
    assert (filed.comment, filed.reporter, filed.reason, filed.outcome) == (
        comment,
        reader,
        "spam",
        "open",
    )


def test_illegal_content_asks_which_law_and_why(signed_in, comment):
    response = report(signed_in, comment, reason="illegal")
    assert response.status_code == 400
    page = page_of(response)
    errors = text_of(page.find(class_="form-errors"))
    assert "Indiquez quelle loi" in errors and "Expliquez en quoi" in errors
    assert page.find("input", attrs={"name": "law"})["aria-invalid"] == "true"
    assert page.find("input", value="illegal").has_attr("checked")
    assert not Report.objects.exists()
    response = report(
        signed_in,
        comment,
        reason="illegal",
        law="Loi du 29 juillet 1881, article 24",
        explanation="Provocation à la haine envers un groupe.",
    )
    assert response.status_code == 200
    assert Report.objects.get().law == "Loi du 29 juillet 1881, article 24"


def test_other_needs_an_explanation(signed_in, comment):
    assert report(signed_in, comment, reason="other").status_code == 400
    assert report(signed_in, comment, reason="other", explanation="Hors sujet.").status_code == 200


def test_no_reason_is_an_error(signed_in, comment):
    response = report(signed_in, comment)
    assert response.status_code == 400
    assert "Choisissez un motif." in text_of(page_of(response).find(class_="form-errors"))


def test_disagreeing_is_recorded_but_explained_as_no_reason_to_remove(signed_in, comment):
    response = report(signed_in, comment, reason="disagree")
    assert "pas une raison de retirer" in text_of(page_of(response).find(class_="report-outcome"))
    filed = Report.objects.get()
    assert filed.outcome == Report.Outcome.NOTED
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED


def test_one_report_per_reader_per_comment(signed_in, comment):
    report(signed_in, comment, reason="spam")
    again = report(signed_in, comment, reason="offensive")
    assert again.status_code == 409
    assert "Vous avez déjà signalé ce commentaire." in text_of(
        page_of(again).find(class_="report-outcome")
    )
    assert Report.objects.count() == 1
    page = page_of(signed_in.get(f"/commentaires/{comment.pk}/signaler"))
    outcome = text_of(page.find(class_="report-outcome"))
    assert "déjà signalé" in outcome and "en attente d’examen" in outcome
    assert page.find("form", class_="report-form") is None


def test_the_reporter_sees_the_outcome_later(signed_in, reader, comment):
    report(signed_in, comment, reason="offensive")
    Report.objects.update(outcome=Report.Outcome.REMOVED, outcome_statement="Propos injurieux.")
    outcome = text_of(
        page_of(signed_in.get(f"/commentaires/{comment.pk}/signaler")).find(class_="report-outcome")
    )
    assert "commentaire retiré" in outcome and "Propos injurieux." in outcome


def test_anonymous_readers_are_sent_to_the_login(comment):
    response = Client().get(f"/commentaires/{comment.pk}/signaler")
    assert response.status_code == 302
    assert "next=%2Fcommentaires%2F" in response["Location"]


def test_own_comments_cannot_be_reported(signed_in, reader, add_comment):
    own = add_comment(reader, "Le mien.")
    assert report(signed_in, own, reason="spam").status_code == 403
    assert not Report.objects.exists()


def test_unpublished_comments_cannot_be_reported(signed_in, add_comment, other_reader):
    held = add_comment(other_reader, status=Comment.Status.PENDING, published_at=None)
    assert report(signed_in, held, reason="spam").status_code == 404


def test_barred_readers_cannot_report(signed_in, comment, monkeypatch):
    monkeypatch.setattr("manchette.moderation.sanctions.barred", lambda user: "Compte banni.")
    response = report(signed_in, comment, reason="spam")
    assert response.status_code == 403
    assert "Compte banni." in text_of(page_of(response).find(class_="report-outcome"))
    assert not Report.objects.exists()


def test_reporting_is_rate_limited(signed_in, settings, add_comment, other_reader):
    from manchette import ratelimit

    settings.MANCHETTE_RATE_LIMITS = True
    ratelimit.reset()
    comments = [add_comment(other_reader, f"n{n}") for n in range(11)]
    statuses = [report(signed_in, c, reason="spam").status_code for c in comments]
    assert statuses == [200] * 10 + [429]
    assert Report.objects.count() == 10
    ratelimit.reset()
