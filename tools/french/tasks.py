"""French for manchette.tasks: the app's name in the admin."""

FRENCH: dict[str, str | tuple[str, str]] = {
    "Background tasks": "Tâches de fond",
}
