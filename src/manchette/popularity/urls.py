from django.urls import path

from manchette.popularity import views

app_name = "popularity"

urlpatterns = [
    # Under /actualites/, which no section may take, so no section's address is shadowed.
    path("actualites/populaires", views.most_popular_page, name="most-popular"),
]
