"""The regulator workspace under /regulator/."""
from django.urls import path  # noqa: F401

from .urls_fees import urlpatterns as fee_urls

app_name = "regulator"
urlpatterns = [] + fee_urls
