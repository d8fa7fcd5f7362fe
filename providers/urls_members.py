"""Workspace home, organisations, members and invitations."""
from django.urls import path  # noqa: F401

urlpatterns = []
