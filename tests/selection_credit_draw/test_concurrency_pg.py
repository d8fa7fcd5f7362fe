"""Two members of the owner press the same button at the same instant, on PostgreSQL: the job's
row lock lets one through; the other is refused (the short list is already drawn / the job is
no longer awaiting selection) and writes nothing — one draw, one short list, one selection."""
import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Bid, Draw, Job
from bidding.services.best_price import select_best_price
from bidding.services.credit_draw import shortlist_draw
from core.errors import DomainError
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(call, users):
    """Run call(user) for each user in its own thread, all released together; the outcomes."""
    start, outcomes = threading.Barrier(len(users)), []

    def run(user):
        try:
            start.wait(timeout=30)
            call(user)
            outcomes.append("ok")
        except DomainError as refused:
            outcomes.append(str(refused))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_short_list_draws_at_the_same_instant_draw_once(scene):
    job = scene.job(Job.Method.CREDIT_DRAW, {"cut_percent": 20, "shortlist_size": 3, "min_bidders": 5})
    start = timezone.now() - datetime.timedelta(days=1)
    for index, credit in enumerate([95, 90, 88, 85, 80, 70]):
        scene.bid(job, credit_at_close=Decimal(credit), submitted_at=start + datetime.timedelta(minutes=index))
    second = MembershipFactory(organisation=job.owner).user
    outcomes = _race(lambda user: shortlist_draw(actor=user, job=job), [scene.owner_user, second])
    assert sorted(outcomes) == sorted(["ok", "入围名单已经抽取，不能重复抽取；请从入围机构中选定中选机构。"])
    assert Draw.objects.filter(job=job, purpose=Draw.Purpose.SHORTLIST).count() == 1
    assert Bid.objects.filter(job=job, shortlisted=True).count() == 3
    assert AuditEntry.objects.filter(action=Action.JOB_SHORTLIST_DRAW).count() == 1


def test_two_best_price_selections_at_the_same_instant_select_once(scene):
    job = scene.job(Job.Method.BEST_PRICE, {"k_set": ["95", "96", "97", "98"]}, k="95")
    scene.bids(job, [50000, 60000, 62000, 64000, 80000])
    second = MembershipFactory(organisation=job.owner).user
    outcomes = _race(lambda user: select_best_price(actor=user, job=job), [scene.owner_user, second])
    assert sorted(outcomes) == sorted(["ok", "只有报名截止后、尚未选取的项目才能进行选取。"])
    assert Draw.objects.filter(job=job, purpose=Draw.Purpose.COEFFICIENT).count() == 1
    assert AuditEntry.objects.filter(action=Action.JOB_SELECT_BEST_PRICE).count() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY and job.winner.price == 60000
