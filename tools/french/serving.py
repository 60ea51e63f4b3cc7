"""French for the pages shown when something fails (manchette.ui.views.server_error)."""

from __future__ import annotations

FRENCH: dict[str, str | tuple[str, str]] = {
    "Service briefly unavailable": "Service momentanément indisponible",
    "The site cannot reach its data for a moment. Please try again in a few seconds.": (
        "Le site ne parvient pas à joindre ses données pour le moment. "
        "Réessayez dans quelques secondes."
    ),
    "Something went wrong": "Une erreur est survenue",
    "This page could not be shown. The error has been logged.": (
        "Cette page n’a pas pu être affichée. L’erreur a été enregistrée."
    ),
}
