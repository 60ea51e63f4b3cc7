"""Whether a reader may take part (post, reply, report, react) right now."""

from __future__ import annotations

from typing import Any


def barred(user: Any) -> str | None:
    """Why this reader may not take part now (suspended, banned), or None."""
    return None
