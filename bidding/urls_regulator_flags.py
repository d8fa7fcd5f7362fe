"""Regulator pages for collusion and other red flags."""
from django.urls import path  # noqa: F401

urlpatterns = []
