"""Rate-limit cost: what `ratelimit.check()` adds to a request, with several workers counting.

    .venv/bin/python bench/rate_limits.py [--workers 4] [--checks 2000] [--redis URL]

Each store is measured the way the site uses it: W worker processes (as
gunicorn runs them) each call `check()` N times, per account and per
address (two counters a call), spread over 500 readers and 200 addresses,
all within the limits (the common case: counted and allowed). Each process
times every call; the table gives the pooled p50 and p99 and the calls per
second of all workers together. Then every worker hits one shared bucket
with a limit of 100, 60 tries each, to show that no more than 100 get through.

The embedded store is a fresh SQLite file in WAL mode (the default site);
Redis is measured when --redis or REDIS_URL gives one (a scratch key prefix,
cleared after).

Targets: p99 under 5 ms on SQLite and under 2 ms on Redis, with 4 workers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS_MS = {"SQLite": 5.0, "Redis": 2.0}


def child(checks: int, worker: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manchette.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from manchette.ratelimit import Rate, check
    from manchette.ratelimit.limiter import hit
    from manchette.ratelimit.stores import configured_store

    class Reader:
        is_authenticated = True

        def __init__(self, pk: int) -> None:
            self.pk = pk

    factory = RequestFactory()
    timings = []
    for n in range(checks):
        request = factory.post("/", REMOTE_ADDR=f"198.51.100.{(worker * 7 + n) % 200}")
        request.user = Reader((worker * 131 + n) % 500) if n % 5 else AnonymousUser()  # type: ignore[assignment]
        started = time.perf_counter()
        refused = check(request, "bench", per_account=Rate(10_000, 60), per_ip=Rate(10_000, 60))
        timings.append(time.perf_counter() - started)
        if refused is not None:
            raise SystemExit(f"refused within the limits: {refused}")
    store = configured_store()
    shared = sum(
        hit(store, "bench-shared", Rate(100, 3600), time.time()) is None for _ in range(60)
    )
    sys.stdout.write(json.dumps({"timings": timings, "shared": shared}) + "\n")


def run(label: str, env: dict[str, str], workers: int, checks: int) -> dict[str, float]:
    started = time.perf_counter()
    procs = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--child", str(n), "--checks", str(checks)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(workers)
    ]
    results = [json.loads(proc.communicate()[0]) for proc in procs]
    elapsed = time.perf_counter() - started
    timings = sorted(t for result in results for t in result["timings"])
    return {
        "p50": statistics.median(timings) * 1000,
        "p99": timings[int(len(timings) * 0.99)] * 1000,
        "rate": len(timings) / elapsed,
        "shared": sum(result["shared"] for result in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--child", type=int, default=None)
    args = parser.parse_args()
    if args.child is not None:
        child(args.checks, args.child)
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "MANCHETTE_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            "PYTHONPATH": str(ROOT / "src"),
        }
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, "-m", "manchette", "migrate", "-v", "0"], env=env, check=True
        )
        rows.append(("SQLite", run("SQLite", env, args.workers, args.checks)))
        if args.redis:
            redis_env = {**env, "REDIS_URL": args.redis}
            rows.append(("Redis", run("Redis", redis_env, args.workers, args.checks)))
            import redis

            client = redis.Redis.from_url(args.redis)
            for key in client.scan_iter(match="manchette:ratelimit:*"):
                client.delete(key)
    header = f"{'store':8} {'workers':>7} {'checks/s':>9} {'p50 ms':>7} {'p99 ms':>7} "
    header += f"{'target':>7} {'ok':>3} {'shared limit 100':>17}"
    print(header)  # noqa: T201
    for label, row in rows:
        ok = "yes" if row["p99"] <= TARGETS_MS[label] else "NO"
        print(  # noqa: T201
            f"{label:8} {args.workers:>7} {row['rate']:>9.0f} {row['p50']:>7.2f} "
            f"{row['p99']:>7.2f} {TARGETS_MS[label]:>7.1f} {ok:>3} {int(row['shared']):>17}"
        )


if __name__ == "__main__":
    main()
