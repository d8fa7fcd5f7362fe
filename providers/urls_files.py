"""Private files (certificate scans), served only to those allowed to read them."""
from django.urls import path

from .views import files

app_name = "files"
urlpatterns = [
    path("certificates/<id:certificate_id>/", files.certificate_scan, name="certificate_scan"),
]
