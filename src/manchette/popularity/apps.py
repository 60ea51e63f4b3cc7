from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopularityConfig(AppConfig):
    name = "manchette.popularity"
    label = "popularity"
    verbose_name = _("Most popular")
