#!/usr/bin/env python3
"""Set up and run Manchette from a fresh clone, with nothing but Python 3.11.

    python3 dev.py demo    install, migrate, ingest the demo content, serve it
    python3 dev.py test    install, then lint, type-check and run the whole test suite

Each command creates `.venv/` on first use and reinstalls only when
`pyproject.toml` changes. The test suite runs on SQLite, then again on
PostgreSQL with Redis when they answer on 127.0.0.1 (CI requires them).
The browser tests (tests/browser: Chromium + axe-core) run in the SQLite pass
only; `test` installs axe-core with npm when npm is there, and without Chromium
or axe-core they skip saying how to get them (`.ci/run` installs both).
`MANCHETTE_TEST_EXTRAS=embeddings` also installs optional extras whose tests
skip without them (`.ci/run` sets it).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".manchette-install"

POSTGRES_URL = os.environ.get(
    "MANCHETTE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("MANCHETTE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_environment(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (a user may run an older Python)
        sys.exit(f"Manchette needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        say(f"Creating a virtual environment in {VENV}")
        venv.create(VENV, with_pip=True)
    wanted = extras + ":" + hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("Installing Manchette and its dependencies")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", f".{extras}")
    STAMP.write_text(wanted)


def ensure_axe_core() -> None:
    """axe-core for tests/browser, at the version package-lock.json pins, if npm is here."""
    lock = ROOT / "package-lock.json"
    npm = shutil.which("npm")
    if npm is None or not lock.exists():
        return
    wanted = json.loads(lock.read_text())["packages"]["node_modules/axe-core"]["version"]
    installed = ROOT / "node_modules" / "axe-core" / "package.json"
    if installed.exists() and json.loads(installed.read_text()).get("version") == wanted:
        return
    say(f"Installing axe-core {wanted} for the browser tests (npm ci)")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=False
    )
    if result.returncode != 0:
        say("npm ci failed: the browser tests will skip, or fail where they are required.")


def answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def demo(args: list[str]) -> None:
    ensure_environment("")
    os.execv(BIN / "manchette", [str(BIN / "manchette"), "demo", *args])  # noqa: S606


def test(args: list[str]) -> None:
    # Optional extras whose tests otherwise skip (.ci/run asks for them): "embeddings".
    extras = ",".join(
        ["dev", *filter(None, os.environ.get("MANCHETTE_TEST_EXTRAS", "").split(","))]
    )
    ensure_environment(f"[{extras}]")
    ensure_axe_core()
    required = os.environ.get("CI") == "true" or os.environ.get("MANCHETTE_REQUIRE_SERVICES") == "1"
    # Files the site writes while tested (its generated secret key) go to a
    # throwaway folder rather than the demo's ./var.
    base_env = {**os.environ, "MANCHETTE_DATA_DIR": tempfile.mkdtemp(prefix="manchette-test-")}
    base_env.pop("DATABASE_URL", None)
    base_env.pop("REDIS_URL", None)
    if required:
        base_env["MANCHETTE_REQUIRE_SERVICES"] = "1"

    say("Lint (ruff)")
    run(BIN / "ruff", "check", "src", "tests", "dev.py", "tools")
    run(BIN / "ruff", "format", "--check", "src", "tests", "dev.py", "tools")
    say("Types (mypy)")
    run(BIN / "mypy", "src", "tests", "tools", "dev.py", env=base_env)
    say("Tests on SQLite, in-process cache")
    run(BIN / "pytest", *args, env=base_env)

    services_up = answers(POSTGRES_URL, 5432) and answers(REDIS_URL, 6379)
    if not services_up:
        if required:
            sys.exit(f"PostgreSQL ({POSTGRES_URL}) and Redis ({REDIS_URL}) are required here.")
        say(
            "Skipping the PostgreSQL + Redis run: nothing answers at "
            f"{POSTGRES_URL} and {REDIS_URL} (set MANCHETTE_TEST_POSTGRES_URL / "
            "MANCHETTE_TEST_REDIS_URL to point at yours)."
        )
        return
    say("Tests on PostgreSQL, Redis cache (the browser tests ran on SQLite)")
    run(
        BIN / "pytest",
        "-m",
        "not browser",
        *args,
        env={**base_env, "DATABASE_URL": POSTGRES_URL, "REDIS_URL": REDIS_URL},
    )


COMMANDS = {"demo": demo, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
