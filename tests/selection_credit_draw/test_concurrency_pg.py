"""Two members of the owner press the same button at the same instant, on PostgreSQL: the job's
row lock lets one through; the other is refused (the short list is already drawn / the job is
no longer awaiting selection) and writes nothing — one draw, one short list, one selection."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Bid, Draw, Job
from bidding.services.best_price import select_best_price
from bidding.services.credit_draw import shortlist_draw
from tests.concurrency import at_once
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_short_list_draws_at_the_same_instant_draw_once(scene):
    job = scene.job(Job.Method.CREDIT_DRAW, {"cut_percent": 20, "shortlist_size": 3, "min_bidders": 5})
    start = timezone.now() - datetime.timedelta(days=1)
    for index, credit in enumerate([95, 90, 88, 85, 80, 70]):
        scene.bid(job, credit_at_close=Decimal(credit), submitted_at=start + datetime.timedelta(minutes=index))
    owners = (scene.owner_user, MembershipFactory(organisation=job.owner).user)
    outcomes = at_once([lambda user=user: shortlist_draw(actor=user, job=job) for user in owners])
    refusals = [message for kind, message in outcomes if kind != "ok"]
    assert refusals == ["入围名单已经抽取，不能重复抽取；请从入围机构中选定中选机构。"], outcomes
    assert Draw.objects.filter(job=job, purpose=Draw.Purpose.SHORTLIST).count() == 1
    assert Bid.objects.filter(job=job, shortlisted=True).count() == 3
    assert AuditEntry.objects.filter(action=Action.JOB_SHORTLIST_DRAW).count() == 1


def test_two_best_price_selections_at_the_same_instant_select_once(scene):
    job = scene.job(Job.Method.BEST_PRICE, {"k_set": ["95", "96", "97", "98"]}, k="95")
    scene.bids(job, [50000, 60000, 62000, 64000, 80000])
    owners = (scene.owner_user, MembershipFactory(organisation=job.owner).user)
    outcomes = at_once([lambda user=user: select_best_price(actor=user, job=job) for user in owners])
    refusals = [message for kind, message in outcomes if kind != "ok"]
    assert refusals == ["只有报名截止后、尚未选取的项目才能进行选取。"], outcomes
    assert Draw.objects.filter(job=job, purpose=Draw.Purpose.COEFFICIENT).count() == 1
    assert AuditEntry.objects.filter(action=Action.JOB_SELECT_BEST_PRICE).count() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY and job.winner.price == 60000
