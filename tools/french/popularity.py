"""French for the most-popular block, its listing and its tables (manchette.popularity)."""

from __future__ import annotations

FRENCH: dict[str, str | tuple[str, str]] = {
    "Most popular": "Pages les plus populaires",
    "bucket length (seconds)": "durée de la tranche (secondes)",
    "scope": "périmètre",
    "bucket start (Unix seconds)": "début de la tranche (secondes Unix)",
    "article id": "identifiant de l’article",
    "views": "lectures",
    "view count": "compteur de lectures",
    "view counts": "compteurs de lectures",
    "reader key": "clé de lecteur",
    "counted at (Unix seconds)": "compté à (secondes Unix)",
    "recent reader": "lecteur récent",
    "recent readers": "lecteurs récents",
    "day": "jour",
    "salt": "sel",
    "daily salt": "sel du jour",
    "daily salts": "sels du jour",
    "Most read by period and section": "Les plus lus par période et par rubrique",
    "Period": "Période",
    "Section": "Rubrique",
    "All sections": "Toutes les rubriques",
    "No article has been read enough over this period yet.": (
        "Aucun article n’a encore été assez lu sur cette période."
    ),
    "last hour": "dernière heure",
    "last 24 hours": "dernières 24 heures",
    "last 7 days": "7 derniers jours",
}
