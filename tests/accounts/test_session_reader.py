"""A signed-in request reads its session and its reader in one statement, once the
process knows whose session it is, and the session stays the authority."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from manchette.accounts import sessions
from tests.accounts.conftest import PASSWORD, make_reader

HOME = "/compte/"


@pytest.fixture(autouse=True)
def _database_sessions(settings):
    # The engine that reads the database (with Redis, sessions are read from the cache).
    settings.SESSION_ENGINE = "manchette.accounts.sessions"


def _reads(client: Client) -> tuple[list[str], bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    return [q for q in sql if "django_session" in q or "accounts_user" in q], response.content


def _signed_in(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


def test_the_second_request_reads_session_and_reader_together(db):
    reader = make_reader("Colombe")
    client = _signed_in(reader)
    first, page = _reads(client)
    assert len(first) == 2 and b"Colombe" in page  # the session, then its reader
    second, page = _reads(client)
    assert len(second) == 1 and "JOIN" in second[0] and b"Colombe" in page


def test_what_changed_on_the_account_is_seen_at_once(db):
    reader = make_reader("Colombe")
    client = _signed_in(reader)
    _reads(client)
    reader.pseudonym = "Colibri"
    reader.save(update_fields=["pseudonym"])
    _, page = _reads(client)
    assert b"Colibri" in page and b"Colombe" not in page


def test_a_session_that_now_names_another_account_is_that_account(db):
    reader = make_reader("Colombe")
    other = make_reader("Hirondelle", email="hirondelle@example.org")
    client = _signed_in(reader)
    _reads(client)  # the process now expects Colombe with this session
    stored = Session.objects.get(session_key=client.session.session_key)
    data = stored.get_decoded()
    data[SESSION_KEY] = str(other.pk)
    # The hash check would refuse another account's session: it is the other's too.
    data["_auth_user_hash"] = other.get_session_auth_hash()
    stored.session_data = sessions.SessionStore().encode(data)
    stored.save()

    found, page = _reads(client)
    assert b"Hirondelle" in page and b"Colombe" not in page
    assert len(found) == 2  # the joined row was Colombe's: Hirondelle's is read alone


def test_a_deactivated_or_deleted_account_is_signed_out(db):
    reader = make_reader("Colombe")
    client = _signed_in(reader)
    _reads(client)
    reader.is_active = False
    reader.save(update_fields=["is_active"])
    assert client.get(HOME).status_code == 302  # to the log-in page

    second = make_reader("Hirondelle", email="hirondelle@example.org")
    client = _signed_in(second)
    _reads(client)
    second.delete()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 302
    assert not [
        q for q in captured.captured_queries if "accounts_user" in q["sql"].split("JOIN")[0]
    ]


def test_a_changed_password_still_ends_the_other_sessions(db):
    reader = make_reader("Colombe")
    client = _signed_in(reader)
    _reads(client)
    reader.set_password(PASSWORD + "-nouveau")
    reader.save()
    assert client.get(HOME).status_code == 302
