"""Regulator pages for fee rules (mounted under /regulator/ by marketplace.urls_regulator)."""
from django.urls import path

from .views import fees as views

urlpatterns = [
    path("catalogue/<str:code>/fee-rule/", views.fee_rule_edit, name="fee_rule_edit"),
]
