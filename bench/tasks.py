"""Task queue: how fast tasks are enqueued, and drained by `manchette worker` processes.

    .venv/bin/python bench/tasks.py [--tasks 3000] [--workers 2] [--concurrency 2]
                                    [--postgres URL] [--redis URL]

In a fresh data folder (SQLite, or the PostgreSQL database `--postgres`
names, which must be a scratch one), for the database queue and, when
`--redis` or REDIS_URL is given, the Redis stream (whose `manchette:tasks:`
keys are deleted: give a scratch Redis database):

1. `--tasks` no-op tasks enqueued one by one from one process (tasks/s);
2. drained by `--workers` worker processes of `--concurrency` threads each:
   tasks/s from the first completion to the last (worker start-up left out).

Workers import this file as the module `tasks` for its no-op task.
"""

# ruff: noqa: T201, S603 (a bench prints, and runs our own command)
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from manchette.tasks.registry import task

ROOT = Path(__file__).resolve().parents[1]


@task("bench.noop", max_attempts=1)
def noop(n: int) -> None:
    """Nothing: what is measured is the queue."""


def measure(env: dict[str, str], args: argparse.Namespace) -> tuple[float, float]:
    from manchette.tasks.backends import backend

    queue = backend()
    remaining = _remaining_counter(queue)
    started = time.perf_counter()
    for n in range(args.tasks):
        queue.enqueue("bench.noop", {"n": n})
    enqueue_rate = args.tasks / (time.perf_counter() - started)
    command = shutil.which("manchette", path=str(Path(sys.executable).parent)) or "manchette"
    workers = [
        subprocess.Popen(
            [command, "worker", "--import", "tasks", "--concurrency", str(args.concurrency)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(args.workers)
    ]
    try:
        while remaining() == args.tasks:
            time.sleep(0.01)
        first, left = time.perf_counter(), remaining()
        while remaining():
            time.sleep(0.01)
        drain_rate = left / (time.perf_counter() - first)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=20)
    return enqueue_rate, drain_rate


def _remaining_counter(queue: object) -> Callable[[], int]:
    from manchette.tasks.backends.redis import GROUP, RedisBackend
    from manchette.tasks.models import Task

    if isinstance(queue, RedisBackend):
        client = queue._client
        client.delete(queue.stream)
        queue._group_ready = False
        # Finished entries are deleted from the stream.
        return lambda: int(client.xlen(queue.stream)) if client.exists(queue.stream) else 0
    Task.objects.all().delete()
    del GROUP
    return lambda: Task.objects.filter(name="bench.noop", done_at__isnull=True).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", ""))
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="manchette-bench-tasks-")
    database = args.postgres or f"sqlite:///{Path(folder) / 'manchette.sqlite3'}"
    env = {
        **os.environ,
        "MANCHETTE_DATA_DIR": folder,
        "DATABASE_URL": database,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT / "src")]),
        "MANCHETTE_TASK_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "-m", "manchette", "migrate", "-v", "0"], env=env, check=True)
    runs = [("database", env)]
    if args.redis:
        runs.append(("redis", {**env, "MANCHETTE_TASK_BACKEND": "redis", "REDIS_URL": args.redis}))
    kind = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{args.tasks} tasks, {args.workers} workers x {args.concurrency} threads, {kind}")
    for label, run_env in runs:
        os.environ.update(run_env)
        import django
        from django.conf import settings

        if not settings.configured:
            os.environ["DJANGO_SETTINGS_MODULE"] = "manchette.settings"
            django.setup()
        settings.MANCHETTE_TASK_BACKEND = run_env["MANCHETTE_TASK_BACKEND"]
        settings.REDIS_URL = run_env.get("REDIS_URL", "")
        enqueued, drained = measure(run_env, args)
        print(f"{label:9} enqueue {enqueued:8.0f} tasks/s   drain {drained:8.0f} tasks/s")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
