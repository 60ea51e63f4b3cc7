"""Readers for the account tests, and rate-limit counts that start at zero."""

from __future__ import annotations

import pytest

from manchette import ratelimit
from manchette.accounts import roles
from manchette.accounts.models import User

PASSWORD = "Une-phrase-de-passe-2026"


@pytest.fixture(autouse=True)
def _quick_hashing(settings):
    """Argon2 is slow by design; tests that check it ask for `argon2_hashing`."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def argon2_hashing(settings):
    from manchette import settings as site_settings

    settings.PASSWORD_HASHERS = site_settings.PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _fresh_counts(db):
    # Redis counts outlive the test's transaction; the database ones are rolled back anyway.
    ratelimit.reset()


def make_reader(pseudonym: str = "Camille", email: str = "camille@example.org", **extra) -> User:
    user = User(username=email, email=email, pseudonym=pseudonym, **extra)
    user.set_password(PASSWORD)
    user.save()
    roles.grant(user, roles.READER)
    return user


@pytest.fixture
def reader(db) -> User:
    return make_reader()
