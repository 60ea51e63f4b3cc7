"""Real `manchette worker` processes: killed mid-task, side by side, beating together.

Each test runs on the database queue (SQLite, or PostgreSQL in the services
run) and on the Redis stream (when REDIS_URL is set), with the probe tasks of
`tests.tasks.probe`, whose effects are rows counted in the database.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.cli import manchette, manchette_command, manchette_env, scratch_database
from tests.conftest import REPO_ROOT
from tests.services import redis_url
from tests.tasks.effects import CREATE_TABLE, TABLE

pytestmark = pytest.mark.slow

LEASE_SECONDS = 2


@dataclass
class Site:
    """A migrated site of its own, and the workers started on it."""

    data: Path
    settings: dict[str, str]
    logs: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        url = self.settings.get("DATABASE_URL")
        if url:
            import psycopg

            with psycopg.connect(url, autocommit=True) as connection:
                cursor = connection.execute(query)
                return cursor.fetchall() if cursor.description else []
        with sqlite3.connect(self.data / "manchette.sqlite3") as connection:
            return connection.execute(query).fetchall()

    def enqueue(self, name: str, *payloads: dict[str, Any]) -> None:
        arguments = [json.dumps(payload) for payload in payloads]
        manchette(
            "enqueue", "--import", "tests.tasks.probe", name, *arguments,
            data_dir=self.data, **self.settings,
        )  # fmt: skip

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.workers)}.log").open("wb")
        worker = subprocess.Popen(
            [*manchette_command(), "worker", "--import", "tests.tasks.probe"],
            env=manchette_env(self.data, **self.settings),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def effects(self, key: str | None = None) -> Counter[str]:
        """Effects per key: of `key`, or of every task but the timed `probe.tick`."""
        rows = self.sql(f"SELECT key FROM {TABLE}")  # noqa: S608 - constant
        return Counter(row[0] for row in rows if row[0] == key or (not key and row[0] != "tick"))


@pytest.fixture(params=["database", "redis"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    settings = {
        "MANCHETTE_TASK_BACKEND": request.param,
        "MANCHETTE_TASK_LEASE_SECONDS": str(LEASE_SECONDS),
        "PYTHONPATH": str(REPO_ROOT),
        "LOG_LEVEL": "DEBUG",
    }
    queue = None
    if request.param == "redis":
        from manchette.tasks.backends.redis import RedisBackend

        settings["REDIS_URL"] = redis_url()
        queue = RedisBackend(settings["REDIS_URL"])
        queue.clear()
    with scratch_database() as database:
        settings.update(database)
        (tmp_path / "logs").mkdir()
        made = Site(tmp_path / "data", settings, tmp_path / "logs")
        manchette("migrate", "-v", "0", data_dir=made.data, **settings)
        made.sql(CREATE_TABLE)
        try:
            yield made
        finally:
            for worker in made.workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait(timeout=10)
            if queue is not None:
                queue.clear()


def wait_for(condition: Any, *, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.05)


def stop(worker: subprocess.Popen[bytes]) -> int:
    worker.send_signal(signal.SIGTERM)
    return worker.wait(timeout=20)


def test_a_task_whose_worker_is_killed_completes_once_on_another(site, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    keys = [f"k{n}" for n in range(4)]
    site.enqueue(
        "probe.record", *({"key": key, "seconds": 1.5, "marks": str(marks)} for key in keys)
    )
    doomed = site.start_worker()
    wait_for(
        lambda: any(marks.glob(f"k0.{doomed.pid}.*")),
        seconds=30,
        message="the first worker never started a task",
    )
    doomed.send_signal(signal.SIGKILL)  # mid-task: its write is made, not committed
    doomed.wait(timeout=10)
    survivor = site.start_worker()
    wait_for(
        lambda: set(site.effects()) == set(keys),
        seconds=60,
        message=f"not every task ran: {site.effects()}",
    )
    assert stop(survivor) == 0
    assert site.effects() == Counter(dict.fromkeys(keys, 1)), "a task's effects landed twice"
    # k0 really was under way when its worker died, and ran again elsewhere.
    assert {path.name.split(".")[1] for path in marks.glob("k0.*")} == {
        str(doomed.pid),
        str(survivor.pid),
    }
    if site.settings["MANCHETTE_TASK_BACKEND"] == "database":
        done = site.sql(
            "SELECT count(*) FROM tasks_task WHERE name = 'probe.record'"
            " AND done_at IS NOT NULL AND NOT failed"
        )
    else:
        done = site.sql("SELECT count(*) FROM tasks_completion")
    assert done == [(len(keys),)]


def test_two_workers_take_disjoint_tasks(site):
    keys = [f"n{n}" for n in range(16)]
    site.enqueue("probe.note", *({"key": key, "seconds": 0.3} for key in keys))
    first, second = site.start_worker(), site.start_worker()
    wait_for(
        lambda: len(site.effects()) == len(keys),
        seconds=60,
        message=f"not every task ran: {site.effects()}",
    )
    assert stop(first) == 0 and stop(second) == 0
    assert site.effects() == Counter(dict.fromkeys(keys, 1))
    pids = {row[0] for row in site.sql(f"SELECT pid FROM {TABLE} WHERE key <> 'tick'")}  # noqa: S608
    assert pids == {first.pid, second.pid}, "one worker did everything"


def test_two_workers_enqueue_each_time_slot_once(site):
    started = time.time()
    workers = [site.start_worker(), site.start_worker()]
    wait_for(lambda: site.effects("tick"), seconds=30, message="no timed task ran")
    time.sleep(6)
    assert all(worker.poll() is None for worker in workers)
    assert [stop(worker) for worker in workers] == [0, 0]
    slots = int(time.time()) - int(started) + 1  # the one-second slots the workers ran in
    ticks = site.sql(f"SELECT count(*) FROM {TABLE} WHERE key = 'tick'")[0][0]  # noqa: S608
    # One tick per one-second slot while the workers ran, whichever worker enqueued it:
    # twice that if both enqueued each slot. (Counted against the slots, not the ticks' run
    # times: on a loaded machine a backlog of ticks runs in a burst. A span of 6.95 s can
    # touch eight slots.)
    assert 5 <= ticks <= slots
