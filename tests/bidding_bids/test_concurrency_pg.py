"""Many agencies bidding at the close, at once, on PostgreSQL: the job-row lock and the server's
clock decide; the unique constraint backs up one live bid per agency."""
import datetime
import functools
import threading

import pytest
from django.db import connection
from django.utils import timezone

from bidding.models import Bid, Job
from bidding.services.bids import bid_submit
from bidding.services.closing import job_close_if_due
from bidding.states import close_grace
from tests.concurrency import at_once
from tests.factories import AgencyFactory, JobFactory, MembershipFactory

from .conftest import bid_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

THREADS = 50

_clock = threading.local()
_real_now = timezone.now


def _thread_now():
    return getattr(_clock, "now", None) or _real_now()


@pytest.fixture
def per_thread_clock(monkeypatch):
    """Each thread reads its own fixed time from timezone.now (time_machine would fix it for all)."""
    monkeypatch.setattr(timezone, "now", _thread_now)


def run_at_once(tasks):
    """Run each (moment, callable) at once (tests/concurrency.py), each thread reading its moment as now."""
    return at_once([functools.partial(_at, moment, call) for moment, call in tasks])


def _at(moment, call):
    _clock.now = moment
    return call()


def test_fifty_bids_around_the_close_every_one_before_kept_once_every_one_after_refused(per_thread_clock):
    closes = _real_now() + datetime.timedelta(hours=1)
    job = JobFactory(closes_at=closes, ceiling_price=80000)
    bidders = [MembershipFactory(organisation=AgencyFactory(), role="operator") for _ in range(THREADS)]
    # Half a millisecond-step before the close, half after (the first of those exactly at it).
    moments = [closes - datetime.timedelta(milliseconds=10 * (i + 1)) for i in range(THREADS // 2)]
    moments += [closes + datetime.timedelta(milliseconds=10 * i) for i in range(THREADS - THREADS // 2)]
    tasks = [
        (moment, lambda m=membership: bid_submit(actor=m.user, agency=m.organisation, job=job, data=bid_data()).pk)
        for moment, membership in zip(moments, bidders)
    ]
    outcomes = run_at_once(tasks)

    before, after = outcomes[: THREADS // 2], outcomes[THREADS // 2:]
    assert all(kind == "ok" for kind, _value in before), before
    assert all(kind == "BidWindowClosed" for kind, _value in after), after
    kept = Bid.objects.filter(job=job)
    assert kept.count() == THREADS // 2
    assert set(kept.values_list("agency_id", flat=True)) == {m.organisation_id for m in bidders[: THREADS // 2]}
    assert len(set(kept.values_list("random_value", flat=True))) == THREADS // 2

    assert job_close_if_due(job.pk, now=closes + close_grace())
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    assert Bid.objects.filter(job=job, status=Bid.Status.VALID).count() == THREADS // 2


def test_the_same_agency_submitting_ten_times_at_once_has_one_live_bid(per_thread_clock):
    job = JobFactory(closes_at=_real_now() + datetime.timedelta(hours=1))
    membership = MembershipFactory(organisation=AgencyFactory(), role="operator")
    now = _real_now()
    tasks = [(now, lambda: bid_submit(actor=membership.user, agency=membership.organisation, job=job,
                                      data=bid_data()).pk) for _ in range(10)]
    outcomes = run_at_once(tasks)
    assert sorted(kind for kind, _value in outcomes) == ["DuplicateBid"] * 9 + ["ok"]
    assert Bid.objects.filter(job=job).exclude(status=Bid.Status.WITHDRAWN).count() == 1
