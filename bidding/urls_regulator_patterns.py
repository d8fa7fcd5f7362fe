"""Regulator pages for the integrity patterns (restrictive-clause rules)."""
from django.urls import path

from .views import regulator_patterns as views

urlpatterns = [
    path("patterns/", views.patterns, name="patterns"),
    path("patterns/new/", views.pattern_create, name="pattern_create"),
    path("patterns/<id:pattern_id>/", views.pattern_edit, name="pattern_edit"),
    path("patterns/<id:pattern_id>/active/", views.pattern_active, name="pattern_active"),
    path("patterns/<id:pattern_id>/history/", views.pattern_history, name="pattern_history"),
]
