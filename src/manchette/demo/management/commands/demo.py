"""`manchette demo`: a complete demo site in one command."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from manchette.accounts import roles
from manchette.demo.loader import ingest_demo, load_site
from manchette.demo.readers import create_demo_readers
from manchette.demo.views_stream import play_views
from manchette.related.services import process_all
from manchette.ui.management.commands.serve import add_server_arguments
from manchette.ui.server import serve

MODERATOR = "moderateur"


class Command(BaseCommand):
    help = (
        "Migrate, ingest the demo dispatches through the wire pipeline, create a moderator "
        "and serve the demo site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_server_arguments(parser)
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Set everything up, then exit instead of serving.",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run timed work (embargo releases) beside the server.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        counts = load_site()
        self.stdout.write(
            f"Demo site: {counts['sections']} sections, {counts['providers']} providers, "
            f"{counts['subjects']} subject mappings."
        )
        report = ingest_demo()
        self.stdout.write(f"Demo dispatches: {report.summary()}.")
        for label, reason in report.rejected:
            self.stderr.write(f"rejected: {label}: {reason}")
        if not report.ok:
            raise CommandError("the demo content did not ingest cleanly")
        indexed = process_all()
        self.stdout.write(f"Read-also index: {indexed} articles indexed.")
        views = play_views()
        self.stdout.write(f'Demo readers: {views} page views played, so "Most popular" is filled.')
        password = self._moderator_password()
        conversation = create_demo_readers(get_user_model().objects.get(username=MODERATOR))
        self.stdout.write(f"Demo comments: {conversation.summary()}.")
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(
            self.style.SUCCESS(f"\nManchette demo: http://{shown}:{port}/\n")
            + f"Moderator login: http://{shown}:{port}/admin/  "
            f"user {MODERATOR}  password {password}\n"
            f"Moderation desk: http://{shown}:{port}/moderation/ (same login)\n"
        )
        self.stdout.flush()
        if not options["no_serve"]:
            serve(
                host=host,
                port=port,
                workers=options["workers"],
                scheduler=not options["no_scheduler"],
                access_log=settings.MANCHETTE_ACCESS_LOG,
            )

    @transaction.atomic
    def _moderator_password(self) -> str:
        """A fresh password on every run, so the one printed is always the one that works."""
        user, _ = get_user_model().objects.get_or_create(
            username=MODERATOR,
            defaults={"email": f"{MODERATOR}@demo.invalid", "pseudonym": "Modération"},
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        # An editor: the moderation desk, closing comments, and the news tools in /admin/.
        roles.grant(user, roles.EDITOR)
        return password
