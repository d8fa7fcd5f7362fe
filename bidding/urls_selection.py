"""Owner selection pages after the close: direct, draw, lowest price, scoring."""
from django.urls import path  # noqa: F401

urlpatterns = []
