"""Typed readers for environment variables, each registering the name it reads.

The registry lets a test prove that `docs/settings.md` lists exactly the
variables the code reads, so the documentation cannot drift.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

READ: dict[str, str] = {}
"""Every environment variable read by the settings, mapped to its default as text."""

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    READ[name] = default
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    READ[name] = "1" if default else "0"
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    READ[name] = str(default)
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    READ[name] = ",".join(default)
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, *, generated_into: Path) -> str:
    """A secret from `NAME`, or from the file named by `NAME_FILE`, or generated once.

    Generating it into the data folder on first run keeps sessions valid
    across restarts without asking a newcomer to invent a key.
    """
    READ[name] = "(generated into the data folder)"
    READ[f"{name}_FILE"] = ""
    value = os.environ.get(name)
    if value:
        return value
    path_from_env = os.environ.get(f"{name}_FILE")
    if path_from_env:
        return Path(path_from_env).read_text(encoding="utf-8").strip()
    if generated_into.exists():
        return generated_into.read_text(encoding="utf-8").strip()
    generated_into.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    # Created with owner-only permissions: the key signs sessions and cookies.
    try:
        fd = os.open(generated_into, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process started at the same moment and won the race.
        return generated_into.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value
