"""Agency pages: open jobs, bid submit/change/withdraw, receipts, my bids."""
from django.urls import path

from .views import agency, files

urlpatterns = [
    path("opportunities/", agency.opportunities, name="opportunities"),
    path("opportunities/<id:job_id>/bid/", agency.bid_form, name="bid_form"),
    path("bids/", agency.my_bids, name="my_bids"),
    path("bids/<id:bid_id>/", agency.bid_receipt, name="bid_receipt"),
    path("bids/<id:bid_id>/withdraw/", agency.bid_withdraw, name="bid_withdraw"),
    path("bids/attachments/<id:attachment_id>/", files.bid_attachment, name="bid_attachment"),
]
