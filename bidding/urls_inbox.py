"""The in-site inbox of notices."""
from django.urls import path  # noqa: F401

urlpatterns = []
