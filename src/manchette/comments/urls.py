from django.urls import path

from manchette.comments import views

app_name = "comments"

urlpatterns = [
    path("article/<str:public_id>", views.post, name="post"),
    path("<int:pk>/repondre", views.reply, name="reply"),
    path("<int:pk>/modifier", views.edit, name="edit"),
    path("<int:pk>/supprimer", views.delete, name="delete"),
    path("<int:pk>/signaler", views.report, name="report"),
]
