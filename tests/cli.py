"""Running the installed `manchette` command the way a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from manchette.conf import env


def manchette_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The user's environment minus Manchette's settings, with a data folder of its own.

    Without a DATABASE_URL in `extra`, the command uses the embedded SQLite
    file in `data_dir`: pass `scratch_database()` to run it on PostgreSQL.
    """
    clean = {k: v for k, v in os.environ.items() if k not in env.READ}
    return {**clean, "MANCHETTE_DATA_DIR": str(data_dir), **extra}


@contextmanager
def scratch_database() -> Iterator[dict[str, str]]:
    """Settings for an empty database of the suite's kind, removed afterwards.

    On the PostgreSQL run, commands run as a user would against a database of
    their own, so nothing left by an earlier run or another test shows up.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield {}
        return
    import psycopg

    name = f"manchette_cli_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": urlunparse(urlparse(url)._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


_SIGN_IN = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from manchette.news.models import Article
if {reopen}:
    Article.objects.update(published_at=timezone.now())
reader = get_user_model().objects.create_user({email!r}, {email!r}, None, pseudonym={pseudonym!r})
client = Client()
client.force_login(reader)
print(client.cookies["sessionid"].value)
"""


def signed_in_reader(
    pseudonym: str, *, data_dir: Path, reopen_comments: bool = False, **extra: str
) -> str:
    """A new reader, signed in: the value of their session cookie.

    `reopen_comments` makes every article published now, so comments are open.
    """
    email = f"{pseudonym.lower()}@example.org"
    script = _SIGN_IN.format(reopen=reopen_comments, email=email, pseudonym=pseudonym)
    shell = manchette("shell", "-c", script, data_dir=data_dir, **extra)
    return shell.stdout.strip().splitlines()[-1]
