"""Tasks for the worker tests, imported by `manchette worker --import tests.tasks.probe`.

Each run writes a row to `probe_effect` (see `effects`), so a test
counts in the database how many times a task's effects landed, and a
marker file when it starts, so a test knows a task is under way. Only the
workers import it: its timed task would join the test process's beat otherwise.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.db import connection

from manchette.tasks.registry import task
from tests.tasks.effects import TABLE


def _effect(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key, pid, at) VALUES (%s, %s, %s)",  # noqa: S608 - constant
            [key, os.getpid(), time.time()],
        )


def _mark(marks: str, key: str) -> None:
    if marks:
        (Path(marks) / f"{key}.{os.getpid()}.{uuid.uuid4().hex[:6]}").touch()


@task("probe.record", atomic=True)
def record(key: str, seconds: float = 0.0, marks: str = "") -> None:
    """Writes first, then takes its time: a kill lands after the write, before the commit."""
    _mark(marks, key)
    _effect(key)
    time.sleep(seconds)


@task("probe.note")
def note(key: str, seconds: float = 0.0, marks: str = "") -> None:
    _mark(marks, key)
    time.sleep(seconds)
    _effect(key)


@task("probe.tick", every=lambda: 1, max_attempts=1)
def tick() -> None:
    _effect("tick")
