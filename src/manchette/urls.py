"""Site URLs: pages in French at the root, in English under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from manchette.ui import views as ui_views
from manchette.wires import push as wire_push

urlpatterns = [
    path("admin/", admin.site.urls),
    path("media/<path:name>", ui_views.media, name="media"),
    path("contraste", ui_views.contrast, name="contrast"),
    path("api/wires/<str:code>", wire_push.receive, name="wire-push"),
]
urlpatterns += i18n_patterns(
    path("", include("manchette.news.urls")),
    prefix_default_language=False,
)

handler404 = "manchette.ui.views.not_found"
