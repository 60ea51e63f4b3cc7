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
    "Log-in, sign-up and most-read pages: keyboard walk in reading order and 7:1 "
    "contrast in high contrast.": (
        "Pages de connexion, d’inscription et des plus lues : parcours au clavier dans "
        "l’ordre de lecture et contraste de 7:1 en contraste élevé."
    ),
    "Account page, report page and moderation desk: keyboard walk in reading order, "
    "7:1 contrast in high contrast, a refused password change announced.": (
        "Page du compte, page de signalement et bureau de modération : parcours au clavier "
        "dans l’ordre de lecture, contraste de 7:1 en contraste élevé, refus d’un changement "
        "de mot de passe annoncé."
    ),
    "Every other page type with the system's “more contrast” and forced-colours "
    "settings: a usable page, 7:1 contrast.": (
        "Tous les autres types de pages avec les réglages « plus de contraste » et "
        "« couleurs forcées » du système : une page utilisable, un contraste de 7:1."
    ),
}
