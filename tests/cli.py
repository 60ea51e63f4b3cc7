"""Running the installed `manchette` command the way a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from manchette.conf import env


def manchette_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The user's environment minus Manchette's settings, with a data folder of its own."""
    clean = {k: v for k, v in os.environ.items() if k not in env.READ}
    # The suite's database choice carries over, so the Postgres run stays on Postgres.
    if "DATABASE_URL" in os.environ and "DATABASE_URL" not in extra:
        clean["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return {**clean, "MANCHETTE_DATA_DIR": str(data_dir), **extra}


def manchette_command() -> list[str]:
    found = shutil.which("manchette", path=str(Path(sys.executable).parent))
    assert found, "the manchette command is not installed next to this Python"
    return [found]


def manchette(
    *args: str, data_dir: Path, check: bool = True, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*manchette_command(), *args],
        env=manchette_env(data_dir, **extra),
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )
