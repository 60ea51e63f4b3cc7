from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "manchette.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from manchette.moderation import kept

        kept.connect()
