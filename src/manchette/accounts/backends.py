"""Logging in: readers by e-mail, staff also by their username."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import router
from django.http import HttpRequest

from manchette.accounts import reader_row, sessions
from manchette.accounts.models import User
from manchette.conf.rows import fetch


class EmailOrUsernameBackend(ModelBackend):
    """An address with "@" is an e-mail (any case); anything else a staff username.

    Readers get their e-mail as username, so only staff accounts are found
    by username; a reader typing their pseudonym finds nothing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        if "@" in username:
            user = User.objects.filter(email__iexact=username.strip()).first()
        else:
            user = User.objects.filter(username=username, is_staff=True).first()
        if user is None:
            # Hash anyway, so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in reader of a request, by a statement written once (`reader_row`),
        or from the session's own read when it brought the row along (`sessions`)."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        alias = router.db_for_read(User)
        found = sessions.row_read_with_session(pk)
        if found is None:
            rows = fetch(reader_row.by_id(alias), [pk], using=alias)
            found = rows[0] if rows else ()
        if not found:
            return None
        user = reader_row.build(alias, found)
        return user if self.user_can_authenticate(user) else None
