"""Logging in by e-mail (staff also by username), out by POST, and the header entry."""

from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from manchette.accounts.models import User
from tests.accounts.conftest import PASSWORD, make_reader
from tests.pages import get_page, text_of

URL = "/compte/connexion"


def log_in(client, username, password=PASSWORD):
    return client.post(URL, {"username": username, "password": password})


def test_a_reader_logs_in_with_their_email_in_any_case(client, reader):
    response = log_in(client, "CAMILLE@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert get_page(client, "/compte/").find("h1").string == "Mon compte"


def test_a_reader_cannot_log_in_with_their_pseudonym_or_username(client, reader):
    assert log_in(client, "Camille").status_code == 400
    reader.username = "camille"
    reader.save()
    assert log_in(client, "camille").status_code == 400


def test_staff_log_in_with_their_username(client, db):
    User.objects.create_superuser("redac", "redac@example.org", PASSWORD, pseudonym="Rédaction")
    assert log_in(client, "redac").status_code == 302


def test_a_wrong_password_is_told_at_the_top_without_saying_which_part(client, reader):
    response = log_in(client, "camille@example.org", "not-the-password")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.find(id="erreurs")
    assert summary.has_attr("autofocus")
    assert "ne correspondent à aucun compte" in text_of(summary)
    assert page.find("input", attrs={"name": "username"})["autocomplete"] == "email"
    assert page.find("input", attrs={"name": "password"})["autocomplete"] == "current-password"


def test_next_takes_the_reader_back(client, reader):
    response = client.post(
        URL, {"username": reader.email, "password": PASSWORD, "next": "/recherche?q=x"}
    )
    assert response["Location"] == "/recherche?q=x"
    client.logout()
    response = client.post(
        URL, {"username": reader.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/compte/"


def test_guessing_a_password_is_stopped(client, reader):
    for _ in range(10):
        assert log_in(client, reader.email, "guess").status_code == 400
    refused = log_in(client, reader.email)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # From another address too: the limit is on the account being guessed.
    assert log_in(client, reader.email, "guess").status_code == 429
    assert (
        Client(REMOTE_ADDR="198.51.100.20")
        .post(URL, {"username": reader.email, "password": PASSWORD})
        .status_code
        == 429
    )


def test_one_address_trying_many_accounts_is_stopped(client, db):
    for n in range(30):
        log_in(client, f"nobody{n}@example.org", "guess")
    assert log_in(client, "someone@example.org", "guess").status_code == 429


def test_logging_out_takes_a_post(client, reader):
    client.force_login(reader)
    assert client.get("/compte/deconnexion").status_code == 405
    response = client.post("/compte/deconnexion")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/compte/").status_code == 302


def test_the_header_offers_log_in_then_my_account_and_log_out(client, reader, article):
    url = article.get_absolute_url()
    account = get_page(client, url).find("nav", class_="account-nav")
    assert [text_of(a) for a in account.find_all("a")] == ["Se connecter"]
    assert account.find("a")["href"] == URL
    # Pages for readers who are not logged in carry no token and open no session:
    # they are the same for everyone, so caches may keep them.
    assert get_page(client, url).find("input", attrs={"name": "csrfmiddlewaretoken"}) is None
    anonymous = client.get(url)
    assert not anonymous.cookies and anonymous["Cache-Control"].startswith("public")
    client.force_login(reader)
    account = get_page(client, url).find("nav", class_="account-nav")
    assert [text_of(a) for a in account.find_all("a")] == ["Mon compte"]
    logout = account.find("form")
    assert logout["method"] == "post" and logout["action"] == "/compte/deconnexion"
    assert text_of(logout.find("button")) == "Se déconnecter"
    assert logout.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None


def test_the_english_header_speaks_english(client, db):
    account = get_page(client, "/en/").find("nav", class_="account-nav")
    assert text_of(account.find("a")) == "Log in"
    assert account.find("a")["href"] == "/en" + URL
    make_reader(email="x@example.org", pseudonym="Xavier")


def test_a_session_past_its_expiry_no_longer_signs_the_reader_in(client, reader):
    assert log_in(client, "camille@example.org").status_code == 302
    assert client.get("/compte/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    cache.clear()  # where Redis keeps sessions first, the database is what they fall back on
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion")


def test_a_deactivated_reader_is_signed_out_of_every_session(client, reader):
    assert log_in(client, "camille@example.org").status_code == 302
    reader.is_active = False
    reader.save()
    assert client.get("/compte/").status_code == 302
