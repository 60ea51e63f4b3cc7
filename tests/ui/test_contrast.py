"""The contrast toggle works without JavaScript: a form, a cookie, a redirect back."""

from __future__ import annotations

import pytest

from manchette.ui.theme import COOKIE_NAME
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db


def _toggle(soup):
    form = soup.select_one("form.contrast-toggle")
    button = form.find("button")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    return form, button, {**fields, button["name"]: button["value"]}


def test_no_choice_follows_the_system_setting(client, article):
    soup = get_page(client, article.get_absolute_url())
    assert soup.html["data-theme"] == "auto"
    _, button, _ = _toggle(soup)
    assert text_of(button) == "Activer le contraste adapté"


def test_turning_it_on_and_off_round_trips_through_the_cookie(client, article):
    url = article.get_absolute_url()
    form, _, data = _toggle(get_page(client, url))
    assert form["method"] == "post"
    response = client.post(form["action"], data)
    assert response.status_code == 303
    assert response["Location"] == url
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "high"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"

    soup = get_page(client, url)
    assert soup.html["data-theme"] == "high"
    form, button, data = _toggle(soup)
    assert text_of(button) == "Désactiver le contraste adapté"

    response = client.post(form["action"], data)
    assert response.cookies[COOKIE_NAME].value == "default"
    soup = get_page(client, url)
    # An explicit "off" is remembered, so the system setting no longer applies.
    assert soup.html["data-theme"] == "default"
    assert text_of(_toggle(soup)[1]) == "Activer le contraste adapté"


def test_the_choice_holds_on_every_page_and_in_english(client, article):
    client.cookies[COOKIE_NAME] = "high"
    for url in ("/", "/monde/", "/fournisseur/afp/", "/en/", "/nulle-part/"):
        response = client.get(url)
        soup = get_page(client, url, status=response.status_code)
        assert soup.html["data-theme"] == "high", url
    english = get_page(client, "/en/")
    assert text_of(_toggle(english)[1]) == "Turn off adapted contrast"


def test_it_never_redirects_off_site(client, db):
    response = client.post("/contraste", {"contrast": "high", "next": "https://evil.example/"})
    assert response.status_code == 303 and response["Location"] == "/"


def test_a_bogus_value_sets_nothing(client, db):
    response = client.post("/contraste", {"contrast": "purple", "next": "/"})
    assert COOKIE_NAME not in response.cookies
    client.cookies[COOKIE_NAME] = "purple"
    assert get_page(client, "/").html["data-theme"] == "auto"


def test_only_post_changes_it(client, db):
    assert client.get("/contraste?contrast=high").status_code == 405
