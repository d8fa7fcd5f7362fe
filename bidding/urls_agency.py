"""Agency pages: open jobs, bid submit/change/withdraw, receipts, my bids."""
from django.urls import path  # noqa: F401

urlpatterns = []
