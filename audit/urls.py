"""Public pages of the audit log, under /audit/."""
from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("anchors/", views.anchor_list, name="anchors"),
    path("anchors.json", views.anchor_download, name="anchors_json"),
]
