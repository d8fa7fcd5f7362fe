"""Owner pages: announcements (drafts, publish, cancel, re-announce) and the owner's job list."""
from django.urls import path

from .views import owner

urlpatterns = [
    path("jobs/", owner.job_list, name="owner_jobs"),
    path("jobs/new/", owner.job_new, name="owner_job_new"),
    path("jobs/<id:job_id>/", owner.job_detail, name="owner_job"),
    path("jobs/<id:job_id>/edit/", owner.job_edit, name="owner_job_edit"),
    path("jobs/<id:job_id>/publish/", owner.job_publish, name="owner_job_publish"),
    path("jobs/<id:job_id>/cancel/", owner.job_cancel, name="owner_job_cancel"),
    path("jobs/<id:job_id>/reannounce/", owner.job_reannounce, name="owner_job_reannounce"),
    path("jobs/<id:job_id>/attachments/<id:attachment_id>/", owner.job_attachment, name="owner_job_attachment"),
]
