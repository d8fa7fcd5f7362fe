"""Regulator pages of providers: certificate verification."""
from django.urls import path  # noqa: F401

app_name = "providers_regulator"
urlpatterns = []
