"""Registering an agency or owner and editing its profile, certificates, practitioners, affiliations."""
from django.urls import path  # noqa: F401

urlpatterns = []
