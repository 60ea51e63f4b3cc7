"""`manchette serve`: the site on a production HTTP server (Granian)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from manchette.ui.server import connection_shortfall, default_workers, serve


def add_server_arguments(parser: CommandParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
    parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
    parser.add_argument(
        "--workers",
        type=int,
        default=settings.MANCHETTE_WORKERS or default_workers(),
        help="Worker processes (default: MANCHETTE_WORKERS, else one per core).",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=settings.MANCHETTE_THREADS,
        help="Request threads per worker (default: MANCHETTE_THREADS, else 4).",
    )


class Command(BaseCommand):
    help = "Serve the site with a production HTTP server (collects static files first)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_server_arguments(parser)
        parser.add_argument(
            "--skip-collectstatic",
            action="store_true",
            help="Static files were already collected by a build step.",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Start no task worker beside the server (others run `manchette worker`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["skip_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        shortfall = connection_shortfall(
            workers=options["workers"],
            threads=options["threads"],
            scheduler=not options["no_scheduler"],
        )
        if shortfall:
            self.stderr.write(f"Warning: {shortfall}")
        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Manchette on http://{shown}:{port}/ ({options['workers']} workers)")
        self.stdout.flush()
        serve(
            host=host,
            port=port,
            workers=options["workers"],
            threads=options["threads"],
            scheduler=not options["no_scheduler"],
            access_log=settings.MANCHETTE_ACCESS_LOG,
        )
