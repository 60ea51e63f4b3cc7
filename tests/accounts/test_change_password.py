"""Changing one's password from 'Mon compte': this session stays, the others end."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.test import Client

from tests.accounts.conftest import PASSWORD
from tests.pages import get_page

URL = "/compte/mot-de-passe"
NEW = "Un-autre-mot-de-passe-2027"


def change(client, old=PASSWORD, new=NEW, again=None):
    return client.post(
        URL,
        {
            "old_password": old,
            "new_password1": new,
            "new_password2": new if again is None else again,
        },
    )


def test_the_form_is_on_the_account_page(client, reader):
    client.force_login(reader)
    page = get_page(client, "/compte/")
    form = page.find("form", attrs={"action": URL})
    assert form is not None and form.find_parent("section").find("h2").string == (
        "Changer de mot de passe"
    )
    expected = {
        "old_password": "current-password",
        "new_password1": "new-password",
        "new_password2": "new-password",
    }
    for name, autocomplete in expected.items():
        field = form.find("input", attrs={"name": name})
        assert field["type"] == "password" and field["autocomplete"] == autocomplete
        assert form.find("label", attrs={"for": field["id"]}) is not None
        # On a page with other content, no field snatches the focus.
        assert not field.has_attr("autofocus")
    help_id = form.find("input", attrs={"name": "new_password1"})["aria-describedby"]
    # Django's help is an HTML list; here it is a sentence in its own paragraph.
    assert page.find(id=help_id).name == "p" and not page.find(id=help_id).find("ul")


def test_the_page_needs_an_account(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion?next=")


def test_a_reader_changes_their_password_and_stays_signed_in(argon2_hashing, client, reader):
    client.force_login(reader)
    response = change(client)
    assert response.status_code == 302 and response["Location"] == "/compte/"
    reader.refresh_from_db()
    assert reader.check_password(NEW) and not reader.check_password(PASSWORD)
    assert reader.password.startswith("argon2")
    assert client.get("/compte/").status_code == 200
    assert Client().login(username=reader.email, password=NEW)


def test_the_other_sessions_of_the_account_are_signed_out(client, reader):
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    elsewhere.force_login(reader)
    client.force_login(reader)
    assert change(client).status_code == 302
    assert client.get("/compte/").status_code == 200
    assert elsewhere.get("/compte/").status_code == 302


def test_errors_are_summarised_and_tied_to_their_fields(client, reader):
    client.force_login(reader)
    response = change(client, old="pas-le-bon", new="12345678", again="12345678")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.string.startswith("Erreur")
    summary = page.find(id="erreurs")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    links = list(dict.fromkeys(a["href"] for a in summary.find_all("a")))
    # The wrong current password, then the new one Django's validators refuse.
    assert links == ["#id_old_password", "#id_new_password2"]
    for name in ("old_password", "new_password2"):
        field = page.find("input", attrs={"name": name})
        assert field["aria-invalid"] == "true"
        described = field["aria-describedby"].split()
        assert "field-error" in page.find(id=described[0])["class"]
        # Every id named exists: the field's help is read after its error.
        assert all(page.find(id=ident) is not None for ident in described)
        assert not field.get("value")
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_the_new_password_must_be_typed_twice_alike(client, reader):
    client.force_login(reader)
    response = change(client, again=NEW + "x")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("input", attrs={"name": "new_password2"})["aria-invalid"] == "true"
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_guessing_the_current_password_is_stopped(client, reader):
    client.force_login(reader)
    for _ in range(10):
        assert change(client, old="guess").status_code == 400
    refused = change(client)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)
