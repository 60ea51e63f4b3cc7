"""`manchette push_token CODE`: give a provider a new token for the push endpoint."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manchette.news.models import Provider
from manchette.wires.push import token_hash


class Command(BaseCommand):
    help = (
        "Create (or replace) the provider's token for POST /api/wires/CODE and print it once; "
        "only its hash is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="The provider's code, e.g. AFP.")

    def handle(self, *args: Any, code: str, **options: Any) -> None:
        provider = Provider.objects.filter(code__iexact=code).first()
        if provider is None:
            raise CommandError(f"no provider with code {code!r}")
        token = secrets.token_urlsafe(32)
        provider.push_token_hash = token_hash(token)
        provider.save(update_fields=["push_token_hash"])
        self.stdout.write(token)
