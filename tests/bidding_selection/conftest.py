"""A closed job with its owner member and bidders, ready for selection."""
import datetime

import pytest
from django.utils import timezone

from bidding.models import Bid, Job
from tests.factories import AgencyFactory, BidFactory, DrawBeaconFactory, JobFactory, MembershipFactory


@pytest.fixture
def scene(db):
    return Scene()


class Scene:
    """Builds jobs and bids; each bidder's agency has one member user."""

    def job(self, method=Job.Method.RANDOM, beacon=True, **kwargs):
        """A job past its close; with `beacon`, its public beacon value is already fixed (as two
        regulators would have entered and confirmed it), so draws can run."""
        kwargs.setdefault("closes_at", timezone.now() - datetime.timedelta(hours=1))
        kwargs.setdefault("status", Job.Status.CLOSED)
        job = JobFactory(selection_method=method, **kwargs)
        self.owner_user = MembershipFactory(organisation=job.owner).user
        if beacon and method != Job.Method.DIRECT:
            DrawBeaconFactory(job=job, entered_at=job.closes_at + datetime.timedelta(minutes=20))
        return job

    def bid(self, job, status=Bid.Status.VALID, **kwargs):
        agency = AgencyFactory()
        member = MembershipFactory(organisation=agency).user
        bid = BidFactory(job=job, agency=agency, status=status, submitted_by=member, **kwargs)
        bid.member = member
        return bid

    def bids(self, job, prices, **kwargs):
        return [self.bid(job, price=price, **kwargs) for price in prices]
