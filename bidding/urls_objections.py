"""Objections: raise, answer, escalate (workspace side)."""
from django.urls import path  # noqa: F401

urlpatterns = []
