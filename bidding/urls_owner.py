"""Owner pages: announcements (drafts, publish, cancel, re-announce) and the owner's job list."""
from django.urls import path  # noqa: F401

urlpatterns = []
