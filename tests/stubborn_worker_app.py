"""A WSGI application whose server worker never finishes stopping, for the server's
kill-timeout test: a thread it starts never ends, and a process waits for its threads."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

_never = threading.Event()
threading.Thread(target=_never.wait, name="never-ends").start()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
