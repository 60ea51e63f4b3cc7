"""Site URLs: pages in French at the root, in English under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from manchette.popularity import views as popularity_views
from manchette.syndication import views as syndication_views
from manchette.syndication.sitemaps import SITEMAPS
from manchette.ui import views as ui_views
from manchette.wires import push as wire_push

urlpatterns = [
    path("admin/", admin.site.urls),
    path("media/<path:name>", ui_views.media, name="media"),
    path("contraste", ui_views.contrast, name="contrast"),
    path("api/wires/<str:code>", wire_push.receive, name="wire-push"),
    path("api/vue/<str:public_id>/<str:token>", popularity_views.beacon, name="view-beacon"),
    path("robots.txt", syndication_views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-news.xml", syndication_views.news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
urlpatterns += i18n_patterns(
    # Before the news pages, whose catch-all section pattern comes last.
    path("recherche", include("manchette.search.urls")),
    path("", include("manchette.popularity.urls")),
    path("commentaires/", include("manchette.comments.urls")),
    path("moderation/", include("manchette.moderation.urls")),
    path("compte/", include("manchette.accounts.urls")),
    path("", include("manchette.syndication.urls")),
    path("", include("manchette.ui.accessibility.urls")),
    path("", include("manchette.news.urls")),
    prefix_default_language=False,
)

handler404 = "manchette.ui.views.not_found"
handler500 = "manchette.ui.views.server_error"
