from django.contrib.auth import views as auth_views
from django.urls import path

from manchette.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("inscription", views.signup, name="signup"),
    path("connexion", views.LoginView.as_view(), name="login"),
    path("deconnexion", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe", views.password_change, name="password-change"),
    path("pseudonyme", views.pseudonym, name="pseudonym"),
    path("donnees.json", views.data_download, name="data"),
    path("supprimer", views.delete, name="delete"),
    path("supprime", views.deleted, name="deleted"),
    path("mot-de-passe/oubli", views.PasswordResetView.as_view(), name="password-reset"),
    path("mot-de-passe/envoye", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "mot-de-passe/change",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
