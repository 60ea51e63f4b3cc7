"""Signing up: an account in one form, every error told at the top and at its field."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from manchette.accounts.models import User
from tests.accounts.conftest import PASSWORD, make_reader
from tests.pages import get_page, text_of

URL = "/compte/inscription"


def sign_up(client, **overrides):
    data = {"pseudonym": "Lou Martin", "email": "Lou@Example.org", "password": PASSWORD}
    data.update(overrides)
    return client.post(URL, data)


def test_a_reader_signs_up_and_is_logged_in(client, db, argon2_hashing):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    user = User.objects.get(pseudonym="Lou Martin")
    assert user.email == "Lou@example.org"  # the domain part is lower-cased
    assert user.password.startswith("argon2$")
    assert list(user.groups.values_list("name", flat=True)) == ["reader"]
    page = get_page(client, "/compte/")
    assert "Lou Martin" in text_of(page.find("main"))


def test_the_form_labels_every_field_and_asks_browsers_for_the_right_values(client, db):
    page = get_page(client, URL)
    form = page.find("form", class_="account-form")
    expected = {"pseudonym": "nickname", "email": "email", "password": "new-password"}
    for name, autocomplete in expected.items():
        field = form.find("input", attrs={"name": name})
        assert field["autocomplete"] == autocomplete
        assert form.find("label", attrs={"for": field["id"]}) is not None
        # The help text is read with the field.
        assert page.find(id=field["aria-describedby"]) is not None
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None


def test_the_honeypot_is_out_of_reach_of_people_and_screen_readers(client, db):
    trap = get_page(client, URL).find("input", attrs={"name": "site_web"})
    wrapper = trap.parent
    assert wrapper["aria-hidden"] == "true"
    assert wrapper.has_attr("inert")
    assert trap["tabindex"] == "-1"
    assert trap["autocomplete"] == "off"


def test_a_filled_honeypot_creates_nothing(client, db):
    response = sign_up(client, site_web="http://spam.example")
    assert response.status_code == 400
    assert not User.objects.exists()
    summary = BeautifulSoup(response.content, "html.parser").find(id="erreurs")
    assert "pas pu être envoyé" in text_of(summary)


def test_errors_are_summarised_and_tied_to_their_fields(client, db):
    make_reader(pseudonym="Lou Martin", email="lou@example.org")
    response = sign_up(client, pseudonym="lou martin", email="LOU@example.org", password="1234")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.string.startswith("Erreur")
    summary = page.find(id="erreurs")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    # Each message links to its field; the password breaks several rules at once.
    links = list(dict.fromkeys(a["href"] for a in summary.find_all("a")))
    assert links == ["#id_pseudonym", "#id_email", "#id_password"]
    for name in ("pseudonym", "email", "password"):
        field = page.find("input", attrs={"name": name})
        assert field["aria-invalid"] == "true"
        described = field["aria-describedby"].split()
        message = page.find(id=described[0])
        assert "field-error" in message["class"]
    assert "déjà" in text_of(page.find(id="id_pseudonym-erreur"))
    assert "déjà" in text_of(page.find(id="id_email-erreur"))
    # What was typed stays, except the password.
    assert page.find("input", attrs={"name": "email"})["value"] == "LOU@example.org"
    assert not page.find("input", attrs={"name": "password"}).get("value")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "pseudonym", ["x", "<script>", "Modérateur", "compte supprimé", "a\u202eb", "http://x.fr"]
)
def test_unfit_pseudonyms_are_refused(client, db, pseudonym):
    assert sign_up(client, pseudonym=pseudonym).status_code == 400
    assert not User.objects.exists()


def test_a_password_like_the_email_is_refused(client, db):
    response = sign_up(client, email="lou.martin.2026@example.org", password="lou.martin.2026")
    assert response.status_code == 400


def test_sign_up_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    assert sign_up(client).status_code == 403
    assert not User.objects.exists()


def test_many_sign_ups_from_one_address_are_refused_for_a_while(client, db):
    for n in range(5):
        sign_up(client, pseudonym=f"Lecteur {n}", email=f"l{n}@example.org")
        client.logout()
    response = sign_up(client, pseudonym="Lecteur 6", email="l6@example.org")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "réessayer dans" in text_of(BeautifulSoup(response.content, "html.parser").main)
    assert User.objects.count() == 5


def test_the_english_page_lives_under_en(client, db):
    page = get_page(client, "/en" + URL)
    assert page.find("h1").string == "Create an account"
    assert page.find("form", class_="account-form")["action"] == "/en" + URL
