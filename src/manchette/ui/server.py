"""The production HTTP server behind `manchette serve` and `manchette demo`."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from manchette.pagecache.wsgi import WSGIApp, with_page_cache


def default_workers() -> int:
    """Two workers per core plus one: requests wait on the database as much as on the CPU."""
    return (os.cpu_count() or 1) * 2 + 1


class Server(BaseApplication):  # type: ignore[misc]
    """Gunicorn serving the Django application, configured from Python, not a file."""

    def __init__(self, application: WSGIApp, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # Newer gunicorns open a control socket at one fixed path per user, so
        # two sites (or a site and its tests) on one machine would collide.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> WSGIApp:
        return self.application


def serve(*, host: str, port: int, workers: int, scheduler: bool = True) -> None:
    """Run until interrupted, with the scheduler beside the server unless told otherwise."""
    from django.core.wsgi import get_wsgi_application

    companion = _start_scheduler() if scheduler else None
    try:
        _run(with_page_cache(get_wsgi_application()), host=host, port=port, workers=workers)
    finally:
        if companion is not None:
            companion.terminate()
            companion.wait(timeout=10)


def _start_scheduler() -> subprocess.Popen[bytes]:
    # A process of its own: the server forks its workers, and a thread in the
    # forking process would be a hazard.
    return subprocess.Popen([sys.executable, "-m", "manchette", "scheduler"])


def _run(application: WSGIApp, *, host: str, port: int, workers: int) -> None:
    Server(
        application,
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 30,
            "graceful_timeout": 10,
            "proc_name": "manchette",
        },
    ).run()
