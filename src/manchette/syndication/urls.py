from django.urls import path

from manchette.syndication import views

urlpatterns = [
    path("flux/rss.xml", views.rss, name="feed-rss"),
    path("flux/atom.xml", views.atom, name="feed-atom"),
    path("flux/rubrique/<path:section_path>/rss.xml", views.rss, name="feed-section-rss"),
    path("flux/rubrique/<path:section_path>/atom.xml", views.atom, name="feed-section-atom"),
    path("flux/fournisseur/<slug:slug>/rss.xml", views.rss, name="feed-provider-rss"),
    path("flux/fournisseur/<slug:slug>/atom.xml", views.atom, name="feed-provider-atom"),
]
