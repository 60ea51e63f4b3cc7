"""French for manchette.ratelimit: the refusal a reader gets when going too fast."""

FRENCH: dict[str, str | tuple[str, str]] = {
    "Rate limits": "Limites de fréquence",
    "Please wait a moment": "Merci de patienter un instant",
    "Too many attempts in a short time.": "Trop de tentatives en peu de temps.",
    "You can try again in %(wait)s.": "Vous pourrez réessayer dans %(wait)s.",
    "%(count)d second": ("%(count)d seconde", "%(count)d secondes"),
    "%(count)d minute": ("%(count)d minute", "%(count)d minutes"),
}
