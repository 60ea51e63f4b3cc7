"""Forgotten passwords: a link by e-mail that works once."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.core import mail

from manchette.accounts.models import User
from tests.accounts.conftest import PASSWORD
from tests.pages import get_page, text_of

URL = "/compte/mot-de-passe/oubli"
NEW = "Un-autre-secret-bien-long-2027"


@pytest.mark.parametrize(
    ("host", "backend"),
    [
        ("", "django.core.mail.backends.console.EmailBackend"),
        ("smtp.example.org", "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_e_mail_goes_to_the_console_unless_a_server_is_set(tmp_path, host, backend):
    env = {**os.environ, "EMAIL_HOST": host, "MANCHETTE_DATA_DIR": str(tmp_path)}
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"],
        env={**env, "DJANGO_SETTINGS_MODULE": "manchette.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == backend


def test_a_reader_gets_a_link_and_chooses_a_new_password(client, reader, argon2_hashing):
    response = client.post(URL, {"email": "Camille@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/envoye"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille@example.org"]
    assert "Manchette" in message.subject
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+)", message.body)[1]
    # Django swaps the token for a session marker, then shows the form.
    form_page = client.get(link, follow=True)
    form_url = form_page.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW)
    assert reader.password.startswith("argon2$")
    # Used once: the same link no longer works.
    client.logout()
    again = get_page(client, link, status=200)
    assert "ne fonctionne plus" in text_of(again.find("main"))


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(URL, {"email": "nobody@example.org"})
    assert response["Location"] == "/compte/mot-de-passe/envoye"
    assert mail.outbox == []


def test_mismatched_passwords_are_told_at_their_field(client, reader):
    client.post(URL, {"email": reader.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body)[1]
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert response.status_code == 400
    assert User.objects.get(pk=reader.pk).check_password(PASSWORD)


def test_reset_requests_are_limited_per_account(client, reader):
    for _ in range(3):
        client.post(URL, {"email": reader.email})
    assert client.post(URL, {"email": reader.email}).status_code == 429
    assert len(mail.outbox) == 3


def test_the_english_mail_links_to_the_english_page(client, reader):
    client.post("/en" + URL, {"email": reader.email})
    assert "/en/compte/mot-de-passe/nouveau/" in mail.outbox[0].body
    assert "Someone asked" in mail.outbox[0].body
