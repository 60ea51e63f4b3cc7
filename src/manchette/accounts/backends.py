"""Logging in: readers by e-mail, staff also by their username."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from manchette.accounts.models import User


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
        """The signed-in reader of a request, by a statement written once.

        Every signed-in request reads its reader; building that query with
        the ORM each time cost more than reading the row.
        """
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        table = User._meta.db_table
        found = User.objects.raw(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 (our table)
        user = next(iter(found), None)
        return user if user is not None and self.user_can_authenticate(user) else None
