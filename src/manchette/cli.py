"""The `manchette` command: Django's management commands under one name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manchette.settings")
    from django.core.management import ManagementUtility

    args = list(sys.argv if argv is None else argv)
    args[0] = "manchette"
    ManagementUtility(args).execute()
