"""Regulator pages for fee rules (mounted under /regulator/ by marketplace.urls_regulator)."""
from django.urls import path  # noqa: F401

urlpatterns = []
