"""Regulator pages for complaints (escalated objections)."""
from django.urls import path

from .views import regulator_objections

urlpatterns = [
    path("complaints/", regulator_objections.complaints, name="complaints"),
    path("complaints/<id:objection_id>/", regulator_objections.complaint_detail, name="complaint"),
    path("complaints/<id:objection_id>/files/<id:attachment_id>/", regulator_objections.complaint_attachment,
         name="complaint_attachment"),
]
