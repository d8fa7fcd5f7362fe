"""An agency's offered items with their three commitments, under /workspace/services/."""
from django.urls import path

from .views import agency as views

app_name = "agency_services"
urlpatterns = [
    path("<id:org_id>/", views.offer_list, name="list"),
    path("<id:org_id>/add/", views.offer_add, name="add"),
    path("<id:org_id>/<id:offer_id>/edit/", views.offer_edit, name="edit"),
    path("<id:org_id>/<id:offer_id>/remove/", views.offer_remove, name="remove"),
]
