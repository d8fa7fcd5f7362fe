"""A bidder reaches the objection form from its own receipt while the result is in publicity."""
import datetime

from django.utils import timezone

from bidding.models import Job
from tests.factories import BidFactory, JobFactory, MembershipFactory


def test_the_bidder_finds_the_objection_form_from_its_receipt_during_publicity(client, db):
    job = JobFactory(status=Job.Status.PUBLICITY, closes_at=timezone.now() - datetime.timedelta(days=2),
                     publicity_ends_at=timezone.now() + datetime.timedelta(days=2))
    membership = MembershipFactory()
    bid = BidFactory(job=job, agency=membership.organisation, status="valid")
    client.force_login(membership.user)
    page = client.get(f"/workspace/bids/{bid.pk}/?org={membership.organisation.pk}").content.decode()
    assert f"/workspace/jobs/{job.pk}/objections/new/?bid={bid.pk}" in page


def test_no_objection_link_once_publicity_is_over(client, db):
    job = JobFactory(status=Job.Status.AWARDED, closes_at=timezone.now() - datetime.timedelta(days=9),
                     publicity_ends_at=timezone.now() - datetime.timedelta(days=1))
    membership = MembershipFactory()
    bid = BidFactory(job=job, agency=membership.organisation, status="valid")
    client.force_login(membership.user)
    page = client.get(f"/workspace/bids/{bid.pk}/?org={membership.organisation.pk}").content.decode()
    assert "objections/new/" not in page
