"""Regulator pages for complaints (escalated objections)."""
from django.urls import path  # noqa: F401

urlpatterns = []
