"""System checks: a mistyped setting is reported at start-up, not when a reader leaves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error


def deleted_account_comments(**_: Any) -> list[CheckMessage]:
    from manchette.accounts.services import COMMENT_FATES

    value = settings.MANCHETTE_DELETED_ACCOUNT_COMMENTS
    if value in COMMENT_FATES:
        return []
    return [
        Error(
            f"MANCHETTE_DELETED_ACCOUNT_COMMENTS={value!r} is not one of "
            f"{', '.join(COMMENT_FATES)}.",
            id="accounts.E001",
        )
    ]
