"""Who reads, comments and moderates: one account model for readers and staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

PSEUDONYM_MAX_LENGTH = 40


class User(AbstractUser):
    """An account. Readers are known by their pseudonym, never by their e-mail.

    `username` stays Django's login name (staff created with `createsuperuser`
    keep working); readers who sign up get their e-mail as username.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=PSEUDONYM_MAX_LENGTH)

    REQUIRED_FIELDS = ["email", "pseudonym"]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(Lower("pseudonym"), name="accounts_user_pseudonym_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.pseudonym or self.username
