from django.urls import path
from django.utils.translation import pgettext_lazy
from django.views.generic import RedirectView

from manchette.ui.accessibility import views

app_name = "accessibility"
urlpatterns = [
    path(pgettext_lazy("URL", "accessibility"), views.statement, name="statement"),
    # The French address under /en/ (a reader editing the address by hand) finds the page.
    path(
        "accessibilite",
        RedirectView.as_view(pattern_name="accessibility:statement", permanent=True),
    ),
]
