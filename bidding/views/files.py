"""Attachments served as downloads (core.uploads.private_file_response, never inline).

Bid attachments only to those who may read the bid (bidding.selectors.bids); the attachments of
an announcement to anyone once it is published (never a draft's)."""
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe

from core.uploads import private_file_response

from ..selectors.bids import bid_attachment_for_reader
from ..selectors.public import public_job_attachment


@login_required
def bid_attachment(request, attachment_id):
    attachment = bid_attachment_for_reader(attachment_id, request.user)
    return private_file_response(attachment.file, f"bid-{attachment.bid.receipt_number}-{attachment.pk}")


@require_safe
def job_attachment(request, job_id, attachment_id):
    attachment = public_job_attachment(job_id, attachment_id)
    return private_file_response(attachment.file, f"job-{job_id}-attachment-{attachment.pk}")
