"""French for the read-also block and its admin (manchette.related)."""

from __future__ import annotations

FRENCH: dict[str, str | tuple[str, str]] = {
    "Read also": "À lire aussi",
    "Read more": "Lire la suite",
    "pin": "épingler",
    "exclude": "exclure",
    "article": "article",
    "other article": "autre article",
    "choice": "choix",
    "position": "position",
    "read-also choice": "choix « À lire aussi »",
    "read-also choices": "choix « À lire aussi »",
}
