from django.urls import re_path

from manchette.news import views

app_name = "news"

_SECTION = r"(?P<section_path>[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*)"
_PAGE = r"(?:page-(?P<page>[1-9][0-9]{0,5}))?"

urlpatterns = [
    re_path(rf"^{_PAGE}$", views.home, name="home"),
    re_path(
        rf"^fournisseur/(?P<slug>[-a-zA-Z0-9_]+)/{_PAGE}$", views.provider_page, name="provider"
    ),
    re_path(
        rf"^{_SECTION}/actualites/(?P<slug>[a-z0-9-]+)-(?P<public_id>[a-z0-9]{{10}})$",
        views.article_detail,
        name="article",
    ),
    re_path(rf"^{_SECTION}/{_PAGE}$", views.section_page, name="section"),
]
