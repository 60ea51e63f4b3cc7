"""The signed-in reader read by its own statement is the reader the ORM would give."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from manchette.accounts.backends import EmailOrUsernameBackend
from tests.accounts.conftest import make_reader


def _fields(user):
    return {field.attname: getattr(user, field.attname) for field in user._meta.concrete_fields}


def test_every_field_reads_as_the_orm_reads_it(db):
    reader = make_reader(is_staff=True)
    reader.last_login = timezone.now() - timedelta(days=2)
    reader.save()

    found = EmailOrUsernameBackend().get_user(reader.pk)

    assert found is not None
    assert _fields(found) == _fields(get_user_model().objects.get(pk=reader.pk))
    # Dates are aware and flags are booleans on every database, as the ORM returns them.
    assert found.last_login.utcoffset() == timedelta(0)
    assert found.is_staff is True and found.is_active is True
    assert found._state.adding is False


def test_a_missing_or_deactivated_account_is_no_reader(db):
    reader = make_reader(is_active=False)

    assert EmailOrUsernameBackend().get_user(reader.pk) is None
    assert EmailOrUsernameBackend().get_user(reader.pk + 1000) is None
    assert EmailOrUsernameBackend().get_user("not a number") is None


def test_the_reader_it_gives_can_be_saved_as_read(db):
    reader = make_reader()
    found = EmailOrUsernameBackend().get_user(reader.pk)

    found.pseudonym = "Colibri"
    found.save(update_fields=["pseudonym"])

    assert get_user_model().objects.get(pk=reader.pk).pseudonym == "Colibri"
