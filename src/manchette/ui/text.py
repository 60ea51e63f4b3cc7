"""Cutting text for teasers and descriptions."""

from __future__ import annotations

_TRAILING = " \t\n,;:.!?…-–—«»\"'("


def excerpt(text: str, limit: int) -> str:
    """`text` cut at the last word boundary within `limit` characters, ending "...".

    Teasers always end with the ellipsis: the article behind them has more.
    """
    words = " ".join(text.split())
    if len(words) > limit:
        cut = words[: limit + 1]
        words = cut.rsplit(" ", 1)[0] if " " in cut else words[:limit]
    return words.rstrip(_TRAILING) + "..."


def shorten(text: str, limit: int) -> str:
    """`text` whole when it fits, else cut at a word boundary with "…" (meta descriptions)."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(_TRAILING) + "…"
