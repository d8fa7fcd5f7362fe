"""The regulators' synonym table, mounted at /regulator/search/ by config/urls.py."""
from django.urls import path

from . import views_regulator as views

app_name = "search_regulator"

urlpatterns = [
    path("synonyms/", views.synonyms, name="synonyms"),
    path("synonyms/new/", views.synonym_create, name="synonym_create"),
    path("synonyms/<id:group_id>/", views.synonym_edit, name="synonym_edit"),
    path("synonyms/<id:group_id>/active/", views.synonym_active, name="synonym_active"),
    path("synonyms/<id:group_id>/history/", views.synonym_history, name="synonym_history"),
]
