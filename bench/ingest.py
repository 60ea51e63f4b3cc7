"""Ingestion throughput and memory: N generated dispatches through the whole pipeline.

    .venv/bin/python bench/ingest.py [--sizes 1000,10000] [--postgres URL]
                                     [--without-surface manchette.related ...]

For each size and database, a fresh data folder and database are made, N
ninjs dispatches are written to disk (a fifth of them updates of earlier
stories, a third with a picture), and `manchette ingest` runs in a child
process: parse, sanitise, store pictures, write articles and versions. It
prints dispatches per second and the child's peak memory against the targets
(500 dispatches/s on SQLite; 100,000 in under 5 minutes; memory flat in N).

Every surface listening to `news.surfaces` (search index, read-also…) works
inside that time. `--without-surface PACKAGE` leaves out the listeners of one
app, to see what each costs; the line printed first names those that ran.
On a busy machine wall time says little: the CPU seconds of the ingesting
process (not counting the PostgreSQL server's) and the dispatches per CPU
second are printed too.
"""

# ruff: noqa: T201, S603 - a command-line benchmark: it prints its table and runs manchette

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
MANCHETTE = Path(sys.executable).parent / "manchette"
WORDS = [
    *("marché", "bourse", "gouvernement", "réforme", "entreprise", "croissance", "inflation"),
    *("emploi", "élection", "sommet", "accord", "budget", "énergie", "transport", "santé"),
    *("école", "climat", "sécurité", "justice", "culture", "sport", "record", "saison"),
    *("festival", "recherche", "innovation", "usine", "salariés", "syndicats", "ministre"),
    "président",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def picture_bytes(rng: random.Random) -> bytes:
    out = io.BytesIO()
    colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    Image.new("RGB", (1200, 675), colour).save(out, "JPEG", quality=70)
    return out.getvalue()


def write_corpus(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    (folder / "pictures").mkdir(parents=True)
    pictures = []
    for n in range(20):
        name = f"pictures/p{n}.jpg"
        (folder / name).write_bytes(picture_bytes(rng))
        pictures.append(name)
    stories = max(1, count * 4 // 5)
    for n in range(count):
        story = n if n < stories else rng.randrange(stories)
        version = 1 if n < stories else 2 + n
        minute = n % 1440
        day = 1 + (n // 1440) % 28
        item = {
            "uri": f"urn:bench:{story}",
            "type": "text",
            "version": str(version),
            "versioncreated": f"2026-11-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:00+01:00",
            "pubstatus": "usable",
            "language": "fr",
            "infosources": [{"literal": rng.choice(["HEX", "CBMS", "LDP", "NWR"])}],
            "headlines": [{"role": "main", "value": sentence(rng, 9)}],
            "descriptions": [{"role": "summary", "value": sentence(rng, 30)}],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": "".join(
                        f"<p>{sentence(rng, 40)}</p>" + ("<h2>Intertitre</h2>" if p == 2 else "")
                        for p in range(6)
                    ),
                }
            ],
            "subjects": [{"uri": "http://cv.iptc.org/newscodes/mediatopic/04000000"}],
        }
        if n % 3 == 0:
            item["associations"] = [
                {
                    "name": "featuremedia",
                    "type": "picture",
                    "by": "BENCH",
                    "copyrightholder": "HEX",
                    "descriptions": [{"role": "caption", "value": sentence(rng, 12)}],
                    "renditions": [{"href": rng.choice(pictures), "width": 1200, "height": 675}],
                }
            ]
        (folder / f"{n:07d}.json").write_text(json.dumps(item, ensure_ascii=False))


# The child: `manchette ingest`, minus the surface listeners named in argv[1].
CHILD = """
import os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manchette.settings")
django.setup()
from manchette.cli import main
from manchette.news import surfaces
skipped = tuple(p for p in sys.argv[1].split(",") if p)
for listener in list(surfaces._listeners):
    if listener.__module__.startswith(skipped):
        surfaces.unregister(listener)
print("surfaces:", ", ".join(l.__module__ for l in surfaces._listeners) or "none", file=sys.stderr)
sys.argv = ["manchette", "ingest", *sys.argv[2:]]
sys.exit(main())
"""


def run(
    count: int, database_url: str | None, skipped: tuple[str, ...] = ()
) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak RSS (MiB) of `manchette ingest` over `count` dispatches."""
    with tempfile.TemporaryDirectory(prefix="manchette-bench-") as tmp:
        work = Path(tmp)
        write_corpus(work / "inbox", count)
        env = {**os.environ, "MANCHETTE_DATA_DIR": str(work / "data"), "LOG_LEVEL": "WARNING"}
        env.pop("REDIS_URL", None)
        created_database = None
        if database_url:
            created_database = f"manchette_bench_{uuid.uuid4().hex[:10]}"
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{created_database}"')
            env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + created_database
        else:
            env.pop("DATABASE_URL", None)
        try:
            subprocess.run([MANCHETTE, "migrate", "-v", "0"], env=env, check=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", CHILD, ",".join(skipped), str(work / "inbox")],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            peak = max(before.ru_maxrss, after.ru_maxrss) / 1024
        finally:
            if created_database and database_url:
                import psycopg

                with psycopg.connect(database_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{created_database}" WITH (FORCE)')
        return elapsed, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "MANCHETTE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--without-surface",
        action="append",
        default=[],
        metavar="PACKAGE",
        help="leave out the surface listeners of this app (repeatable)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    targets: list[tuple[str, str | None]] = []
    if not args.no_sqlite:
        targets.append(("SQLite", None))
    if not args.no_postgres:
        targets.append(("PostgreSQL", args.postgres))
    print(
        f"{'database':<11} {'dispatches':>10} {'seconds':>8} {'per s':>8} {'target/s':>9} "
        f"{'peak MiB':>9} {'CPU s':>7} {'per CPU s':>9}",
        flush=True,
    )
    for label, url in targets:
        for size in sizes:
            seconds, cpu, peak = run(size, url, tuple(args.without_surface))
            rate = size / seconds
            target = "500" if label == "SQLite" else "-"
            verdict = "" if label != "SQLite" else ("  ok" if rate >= 500 else "  BELOW")
            print(
                f"{label:<11} {size:>10} {seconds:>8.1f} {rate:>8.0f} {target:>9} "
                f"{peak:>9.0f} {cpu:>7.1f} {size / cpu:>9.0f}{verdict}",
                flush=True,
            )
    print("100,000-dispatch backfill target: under 300 s; memory should not grow with N.")


if __name__ == "__main__":
    main()
