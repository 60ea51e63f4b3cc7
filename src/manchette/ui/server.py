"""The production HTTP server behind `manchette serve` and `manchette demo`: Granian.

Chosen by measurement on the cached article page (docs/performance.md):
Granian's Rust HTTP layer keeps connections alive and parses requests
outside the interpreter, where gunicorn's sync workers close every
connection and parse in Python.
"""

from __future__ import annotations

import os
import subprocess
import sys

from granian.constants import Interfaces
from granian.server import Server

from manchette.ui.stop_signals import relay_stop_signals

APPLICATION = "manchette.ui.granian_app:application"
WORKERS_KILL_SECONDS = 5


def connection_shortfall(*, workers: int, threads: int, scheduler: bool) -> str | None:
    """A warning when this server could ask PostgreSQL for more connections than it
    accepts, or None. Each request thread keeps a connection of its own
    (`DATABASE_CONN_MAX_AGE`): a request that finds none left fails with a 500."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('max_connections')::int, "
                "current_setting('superuser_reserved_connections')::int"
            )
            allowed, reserved = cursor.fetchone()
    finally:
        if not connection.in_atomic_block:  # a test's transaction
            connection.close()  # the workers are forked from this process: none shared
    # The task worker beside the server keeps one, and its beat another.
    wanted = workers * threads + (2 if scheduler else 0)
    usable = allowed - reserved
    if wanted <= usable:
        return None
    return (
        f"{workers} workers x {threads} threads may keep {wanted} PostgreSQL connections, "
        f"and the server accepts {usable} (max_connections {allowed}, {reserved} reserved): "
        "requests past that fail. Lower --threads or --workers, raise max_connections, "
        "or put a pooler in front of PostgreSQL."
    )


def default_workers() -> int:
    """One process per core: each runs several threads for requests waiting on the database."""
    return os.cpu_count() or 1


def serve(
    *,
    host: str,
    port: int,
    workers: int,
    threads: int = 4,
    scheduler: bool = True,
    access_log: bool = True,
) -> None:
    """Run until interrupted, with the scheduler beside the server unless told otherwise."""
    companion = _start_scheduler() if scheduler else None
    try:
        _run(host=host, port=port, workers=workers, threads=threads, access_log=access_log)
    finally:
        if companion is not None:
            companion.terminate()
            companion.wait(timeout=10)


def _start_scheduler() -> subprocess.Popen[bytes]:
    # A process of its own: the server forks its workers, and a thread in the
    # forking process would be a hazard. It runs the timed work and any queued task.
    return subprocess.Popen([sys.executable, "-m", "manchette", "worker"])


def _run(
    *,
    host: str,
    port: int,
    workers: int,
    threads: int,
    access_log: bool,
    application: str = APPLICATION,
) -> None:
    relay_stop_signals()  # the master waits for its stop signal as its workers do
    Server(
        application,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        websockets=False,
        log_access=access_log,
        respawn_failed_workers=True,
        # A worker that missed its stop signal (one arriving while it starts, before it
        # listens for it) is killed after this long rather than waited on for ever.
        workers_kill_timeout=WORKERS_KILL_SECONDS,
    ).serve()
