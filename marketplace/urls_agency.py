"""An agency's offered items with their three commitments, under /workspace/services/."""
from django.urls import path

from .views import agency as views

app_name = "agency_services"
urlpatterns = [
    path("<int:org_id>/", views.offer_list, name="list"),
    path("<int:org_id>/add/", views.offer_add, name="add"),
    path("<int:org_id>/<int:offer_id>/edit/", views.offer_edit, name="edit"),
    path("<int:org_id>/<int:offer_id>/remove/", views.offer_remove, name="remove"),
]
