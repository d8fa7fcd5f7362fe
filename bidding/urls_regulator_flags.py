"""Regulator pages for collusion and other red flags."""
from django.urls import path

from .views import regulator_flags as views

urlpatterns = [
    path("flags/", views.flags, name="flags"),
    path("flags/zombies/", views.zombies, name="flags_zombies"),
    path("flags/<id:job_id>/", views.job_detail, name="flags_job"),
]
