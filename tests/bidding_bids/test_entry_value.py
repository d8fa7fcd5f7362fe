"""An agency's random value for a job is fixed at its first submission: changes, withdrawal and
resubmission keep it, so nobody who knows the seed can have a favoured bidder resubmit until it
wins. Values stay unique among the job's bids that count."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from bidding import errors
from bidding.models import Bid, JobEntryValue
from bidding.services.bids import bid_submit, bid_update, bid_withdraw
from tests.factories import BidFactory, JobFactory

from .conftest import bid_data, new_bidder

pytestmark = pytest.mark.django_db


def test_withdrawing_and_bidding_again_keeps_the_first_value(member, agency, job):
    first = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    values = [first.random_value]
    bid = first
    for price in ("55000", "51000", "58000"):
        bid_withdraw(actor=member, bid=bid)
        bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=Decimal(price)))
        values.append(bid.random_value)
    assert set(values) == {first.random_value}
    assert Bid.objects.filter(job=job, agency=agency).count() == 4
    assert list(JobEntryValue.objects.filter(job=job).values_list("agency_id", "value")) == [
        (agency.pk, first.random_value)]


def test_a_change_keeps_the_value(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    bid_update(actor=member, bid=bid, data=bid_data(price=Decimal("50000"), promised_days=10))
    bid.refresh_from_db()
    assert bid.random_value == JobEntryValue.objects.get(job=job, agency=agency).value


def test_each_agency_has_its_own_value_and_each_job_a_new_one(member, agency, job):
    other, other_user = new_bidder(job)
    mine = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    theirs = bid_submit(actor=other_user, agency=other, job=job, data=bid_data())
    assert mine.random_value != theirs.random_value
    second_job = JobFactory(item=job.item, ceiling_price=job.ceiling_price, closes_at=job.closes_at)
    again = bid_submit(actor=member, agency=agency, job=second_job, data=bid_data())
    assert again.random_value != mine.random_value


def test_a_refused_first_bid_fixes_no_value(member, agency, job):
    with pytest.raises(errors.BidPriceRefused):  # above the ceiling
        bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=Decimal("999999")))
    assert not JobEntryValue.objects.filter(job=job).exists()


def test_the_database_keeps_values_unique_among_bids_that_are_not_withdrawn(agency, job):
    withdrawn = BidFactory(job=job, agency=agency, status=Bid.Status.WITHDRAWN)
    BidFactory(job=job, agency=agency, random_value=withdrawn.random_value)  # the resubmission
    other, _user = new_bidder(job)
    with pytest.raises(IntegrityError), transaction.atomic():
        BidFactory(job=job, agency=other, random_value=withdrawn.random_value)
    JobEntryValue.objects.create(job=job, agency=agency, value=withdrawn.random_value,
                                 created_at=withdrawn.submitted_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobEntryValue.objects.create(job=job, agency=other, value=withdrawn.random_value,
                                     created_at=withdrawn.submitted_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobEntryValue.objects.create(job=job, agency=agency, value="0" * 32, created_at=withdrawn.submitted_at)
