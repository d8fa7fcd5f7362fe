"""Private files (certificate scans), served only to those allowed to read them."""
from django.urls import path  # noqa: F401

app_name = "files"
urlpatterns = []
