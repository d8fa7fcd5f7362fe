"""Exact lookups: a search box given a code goes straight to the one thing the code names.

- a unified social credit code (USCC) → the agency's public page;
- a service item's code → the item's page;
- an investment project code → the job's public notice, when exactly one public job has it
  (a re-announced job shares its code: then the results page lists them);
- the receipt number of a bid → the bid's page, only for a member of the bidding agency
  (another agency's receipt, or a visitor's guess, finds nothing: the number is not public).

Only text shaped like a code is looked up, so an ordinary query runs no query here; every
lookup reads through the public selectors (drafts are never found) or the access rule of
bids (providers.access.member_q).
"""
import re
import unicodedata

from django.urls import reverse

from bidding.models import Bid
from bidding.selectors.public import public_jobs
from core.navigation import page_url
from marketplace.selectors.catalogue import catalogue_items
from providers.access import member_q
from providers.selectors import agencies

USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
# Bid receipts (bidding.services.bids): "BJ", the local date and random hex digits.
RECEIPT = re.compile(r"^BJ[0-9A-F]{8,30}$")
# Item codes (ZJ-HJ-001) and project codes (2025-510603-48-01-000123): latin letters, digits
# and dashes, at least one digit.
CODE = re.compile(r"^(?=.*\d)[0-9A-Z][0-9A-Z_.-]{2,39}$")


def _code(text):
    """The text as a code (half-width, upper case, no spaces), or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 80:
        return None
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    return code or None


def lookup(text, user):
    """The URL of the one object `text` names exactly, or None."""
    code = _code(text)
    if code is None:
        return None
    if RECEIPT.match(code):
        found = _own_bid(code, user)
        if found:
            return found
    if USCC.match(code):
        found = _agency(code)
        if found:
            return found
    if CODE.match(code):
        return _item(code) or _job(code)
    return None


def _own_bid(receipt, user):
    if user is None or not user.is_authenticated:
        return None
    bid = (Bid.objects.filter(member_q(user, "agency__"), receipt_number=receipt)
           .values("pk", "agency_id").first())
    if bid is None:
        return None
    # The receipt page of one's own bid, in the workspace of the agency that made it.
    return f"{reverse('bidding:bid_receipt', args=[bid['pk']])}?org={bid['agency_id']}"


def _agency(uscc):
    found = agencies().filter(uscc=uscc).values_list("uscc", flat=True).first()
    return page_url("agency_profile", found) if found else None


def _item(code):
    found = catalogue_items().filter(code__iexact=code).values_list("code", flat=True).first()
    return page_url("service_item", found) if found else None


def _job(code):
    ids = list(public_jobs().filter(project_code=code).order_by().values_list("pk", flat=True)[:2])
    return page_url("job_notice", ids[0]) if len(ids) == 1 else None
