"""The desk's addresses, in French like the rest of the site (English pages under /en/)."""

from django.urls import path

from manchette.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="pending"),
    path("file/<slug:slug>/", views.queue, name="queue"),
    path("commentaire/<int:pk>/approuver", views.approve, name="approve"),
    path("commentaire/<int:pk>/rejeter", views.reject, name="reject"),
    path("commentaire/<int:pk>/signalements", views.decide_reports, name="decide-reports"),
    path("article/<int:pk>/commentaires", views.article_comments, name="article-comments"),
    path("lecteur/<int:pk>/", views.reader, name="reader"),
    path("sanction/<int:pk>/lever", views.lift, name="lift"),
    path("sanctions/", views.sanctions, name="sanctions"),
    path("mots/", views.words, name="words"),
    path("mots/<int:pk>/retirer", views.word_remove, name="word-remove"),
    path("regles/", views.rules, name="rules"),
    path("regles/<int:pk>/retirer", views.rule_remove, name="rule-remove"),
    path("journal/", views.journal, name="journal"),
]
