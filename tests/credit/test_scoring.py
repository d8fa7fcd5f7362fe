"""The comprehensive scoring uses the credit the rules computed: each valid bid keeps its agency's
credit score and average rating as they stood at the close, and later changes do not move it."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding.models import Bid, Job
from bidding.selectors.selection import score_rows, valid_bids
from bidding.services.closing import job_close_if_due
from providers.models import Organisation
from tests.factories import AgencyFactory, BidFactory, JobFactory

pytestmark = pytest.mark.django_db
WEIGHTS = {"price": 40, "credit": 20, "rating": 10, "plan": 30}


def test_the_close_fixes_each_valid_bids_credit_and_rating_and_the_scoring_reads_them():
    now = timezone.now()
    job = JobFactory(selection_method=Job.Method.SCORING, weights=WEIGHTS, closes_at=now - datetime.timedelta(hours=1))
    graded = AgencyFactory(credit_score=Decimal("92.50"), rating_average=Decimal("4.50"), credit_rated_at=now)
    new = AgencyFactory(credit_score=Decimal("80.00"), rating_average=Decimal("3.25"))  # too few events: no grade
    never = AgencyFactory()  # never computed: the stored default 100, no rating
    bids = [BidFactory(job=job, agency=agency, price=60000, plan_score=Decimal("80"))
            for agency in (graded, new, never)]
    assert job_close_if_due(job.pk, now=now)
    fixed = {bid.agency_id: (bid.credit_at_close, bid.rating_at_close) for bid in Bid.objects.filter(job=job)}
    assert fixed == {graded.pk: (Decimal("92.50"), Decimal("4.50")), new.pk: (Decimal("80.00"), Decimal("3.25")),
                     never.pk: (Decimal("100.00"), None)}
    # later events move the agencies' scores, not the ranking made from the close
    Organisation.objects.filter(pk__in=[graded.pk, new.pk]).update(credit_score=Decimal("10"), rating_average=1)
    rows = {row.bid.agency_id: row for row in score_rows(Job.objects.get(pk=job.pk), valid_bids(job))}
    assert (rows[graded.pk].credit, rows[graded.pk].rating) == (Decimal("92.50"), Decimal("90.00"))
    assert (rows[new.pk].credit, rows[new.pk].rating) == (Decimal("80.00"), Decimal("65.00"))
    assert (rows[never.pk].credit, rows[never.pk].rating) == (Decimal("100.00"), Decimal("100"))
    # total = (40 × 100 + 20 × 92.50 + 10 × 90 + 30 × 80) / 100
    assert rows[graded.pk].total == Decimal("91.50")
    assert len(bids) == 3


def test_an_invalid_bid_keeps_no_score():
    now = timezone.now()
    job = JobFactory(selection_method=Job.Method.SCORING, weights=WEIGHTS, closes_at=now - datetime.timedelta(hours=1),
                     ceiling_price=70000)
    bid = BidFactory(job=job, price=75000)
    job_close_if_due(job.pk, now=now)
    bid.refresh_from_db()
    assert bid.status == Bid.Status.INVALID and bid.credit_at_close is None and bid.rating_at_close is None
