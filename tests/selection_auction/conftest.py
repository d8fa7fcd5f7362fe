"""An auction job closed and awaiting its auction, its owner member and three bidders, on a
clock the test moves (time_machine). Parameters: 5-minute pause, 120-second boxes, at most 10 %
lower per move, three rounds.

The bids (submitted in this order) and the opening order they give, highest price first:
    a 100000 → 报价人 1, b 90000 → 报价人 3, c 95000 → 报价人 2
Started at T0 = 10:00 Shanghai time, the first round starts at S = 10:05; a round lasts 6
minutes; the scheduled end is S + 18 minutes = 10:23.
"""
import datetime

import pytest
import time_machine
from django.utils import timezone

from bidding.models import Bid, Job
from tests.factories import AgencyFactory, BidFactory, DrawBeaconFactory, JobFactory, MembershipFactory

T0 = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Shanghai
S = T0 + datetime.timedelta(minutes=5)
PARAMS = {"pause_minutes": 5, "turn_seconds": 120, "max_step_percent": 10}


def at(minutes, seconds=0):
    """A moment counted from the first round's start S."""
    return S + datetime.timedelta(minutes=minutes, seconds=seconds)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scene(db, clock):
    return Scene(clock)


class Scene:
    def __init__(self, clock, prices=(100000, 90000, 95000), beacon=True, **job_fields):
        self.clock = clock
        job_fields.setdefault("method_params", dict(PARAMS))
        self.job = JobFactory(selection_method=Job.Method.AUCTION, status=Job.Status.CLOSED,
                              published_at=T0 - datetime.timedelta(days=8), closes_at=T0 - datetime.timedelta(hours=2),
                              closed_at=T0 - datetime.timedelta(hours=2), **job_fields)
        self.owner_user = MembershipFactory(organisation=self.job.owner).user
        if beacon:
            DrawBeaconFactory(job=self.job, entered_at=self.job.closes_at + datetime.timedelta(minutes=20))
        self.bids = [self.bid(price, minutes=len(prices) - index) for index, price in enumerate(prices)]

    def bid(self, price, *, minutes=1, status=Bid.Status.VALID):
        agency = AgencyFactory()
        member = MembershipFactory(organisation=agency).user
        moment = self.job.closes_at - datetime.timedelta(minutes=minutes)
        bid = BidFactory(job=self.job, agency=agency, status=status, submitted_by=member, price=price,
                         submitted_at=moment, updated_at=moment)
        bid.member = member
        return bid

    @property
    def a(self):
        return self.bids[0]

    @property
    def b(self):
        return self.bids[1]

    @property
    def c(self):
        return self.bids[2]

    def move_to(self, moment):
        self.clock.move_to(moment)
        assert timezone.now() == moment
