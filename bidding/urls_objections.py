"""Objections: raise, answer, escalate (workspace side)."""
from django.urls import path

from .views import objections

urlpatterns = [
    path("jobs/<id:job_id>/objections/new/", objections.objection_new, name="objection_new"),
    path("objections/<id:objection_id>/", objections.objection_detail, name="objection"),
    path("objections/<id:objection_id>/answer/", objections.objection_answer, name="objection_answer"),
    path("objections/<id:objection_id>/escalate/", objections.objection_escalate, name="objection_escalate"),
    path("objections/<id:objection_id>/files/<id:attachment_id>/", objections.objection_attachment,
         name="objection_attachment"),
]
