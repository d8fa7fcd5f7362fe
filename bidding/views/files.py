"""Bid attachments, served only to those who may read the bid (bidding.selectors.bids)."""
from django.contrib.auth.decorators import login_required

from core.uploads import private_file_response

from ..selectors.bids import bid_attachment_for_reader


@login_required
def bid_attachment(request, attachment_id):
    attachment = bid_attachment_for_reader(attachment_id, request.user)
    return private_file_response(attachment.file, f"bid-{attachment.bid.receipt_number}-{attachment.pk}")
