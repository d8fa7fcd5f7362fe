"""The close: applied by advance_jobs (or on access), once, judging each live bid at the close."""
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Bid, Job
from bidding.services.bids import bid_submit
from bidding.services.clock import advance_due_jobs, apply_due
from bidding.services.closing import job_close_if_due
from bidding.states import close_grace
from core.models import Notice
from providers.models import Standing
from tests.factories import BidFactory, JobFactory, MembershipFactory

from .conftest import bid_data, new_bidder

pytestmark = pytest.mark.django_db


def submit_bids(job, count):
    bids = []
    for _ in range(count):
        agency, user = new_bidder(job)
        bids.append(bid_submit(actor=user, agency=agency, job=job, data=bid_data()))
    return bids


def run_command():
    out = io.StringIO()
    call_command("advance_jobs", stdout=out)
    return out.getvalue()


def test_a_job_past_its_close_closes_on_advance_jobs_and_its_bids_are_valid(job):
    bids = submit_bids(job, 3)
    owner_user = MembershipFactory(organisation=job.owner).user
    with time_machine.travel(job.closes_at + datetime.timedelta(minutes=1), tick=False):
        output = run_command()
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.closed_at == job.closes_at
    assert f"closed: 1 [{job.pk}]" in output
    assert set(Bid.objects.filter(pk__in=[b.pk for b in bids]).values_list("status", flat=True)) == {"valid"}
    assert Notice.objects.filter(user=owner_user, title__contains="可以开始选取").exists()


def test_too_few_valid_bids_fail_the_job_with_the_reason(job):
    bids = submit_bids(job, 2)
    owner_user = MembershipFactory(organisation=job.owner).user
    colleague = MembershipFactory(organisation=bids[0].agency).user  # a bidder's other member
    with time_machine.travel(job.closes_at + datetime.timedelta(minutes=1), tick=False):
        output = run_command()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    # The same reason, audit entry and recipients as a failure at a selection (test_selection.py).
    assert job.end_reason == "有效报名 2 家，少于“随机抽取”所需的 3 家，本次采购流标。"
    assert f"failed (too few valid bids): 1 [{job.pk}]" in output
    entry = AuditEntry.objects.get(action=Action.JOB_FAIL, object_id=str(job.pk))
    assert entry.actor_id is None and entry.after["valid_bids"] == 2
    assert Notice.objects.filter(user=owner_user, title__startswith="项目流标").exists()
    for user in [bid.submitted_by for bid in bids] + [colleague]:
        assert Notice.objects.filter(user=user, title__startswith="项目流标").count() == 1


def test_a_bid_that_no_longer_qualifies_at_the_close_is_invalid_with_the_reason(job):
    bids = submit_bids(job, 3)
    suspended = bids[0].agency
    suspended.standing, suspended.standing_reason = Standing.SUSPENDED, "围标嫌疑调查中"
    suspended.save()
    with time_machine.travel(job.closes_at + datetime.timedelta(minutes=1), tick=False):
        advance_due_jobs()
    bids[0].refresh_from_db()
    assert bids[0].status == Bid.Status.INVALID and "围标嫌疑调查中" in bids[0].invalid_reason
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED  # two valid bids left, the draw needs three


def test_a_direct_selection_needs_only_one_valid_bid(item):
    job = JobFactory(item=item, selection_method=Job.Method.DIRECT)
    submit_bids(job, 1)
    with time_machine.travel(job.closes_at + close_grace(), tick=False):
        assert job_close_if_due(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED


def test_withdrawn_bids_are_not_judged(job):
    withdrawn = BidFactory(job=job, status=Bid.Status.WITHDRAWN)
    with time_machine.travel(job.closes_at + close_grace(), tick=False):
        advance_due_jobs()
    withdrawn.refresh_from_db()
    assert withdrawn.status == Bid.Status.WITHDRAWN


def test_nothing_happens_before_the_close(job):
    with time_machine.travel(job.closes_at - datetime.timedelta(seconds=1), tick=False):
        assert advance_due_jobs()["closed"] == []
        apply_due(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert not AuditEntry.objects.filter(action=Action.JOB_CLOSE).exists()


def test_running_late_or_twice_gives_the_same_state_and_one_audit_entry_per_transition(job):
    bids = submit_bids(job, 2)
    far_ahead = job.closes_at + datetime.timedelta(days=400)
    with time_machine.travel(far_ahead, tick=False):
        run_command()
        second = run_command()
        apply_due(job.pk)
    assert "closed: 0 []" in second
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.closed_at == job.closes_at
    assert AuditEntry.objects.filter(action=Action.JOB_CLOSE, object_id=str(job.pk)).count() == 1
    assert AuditEntry.objects.filter(action=Action.JOB_FAIL, object_id=str(job.pk)).count() == 1
    assert Notice.objects.filter(user=bids[0].submitted_by, title__contains="流标").count() == 1


def test_the_first_service_to_touch_a_due_job_closes_it(job):
    submit_bids(job, 3)
    with time_machine.travel(job.closes_at + close_grace(), tick=False):
        apply_due(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED


def test_a_price_judged_at_the_close_follows_the_same_rules(job):
    bids = submit_bids(job, 3)
    Bid.objects.filter(pk=bids[0].pk).update(price=Decimal("99999"))  # as if the ceiling had been lower
    with time_machine.travel(job.closes_at + close_grace(), tick=False):
        advance_due_jobs()
    bids[0].refresh_from_db()
    assert bids[0].status == Bid.Status.INVALID and "最高限价" in bids[0].invalid_reason


def test_advance_jobs_ends_due_publicity_through_the_publicity_service(job, monkeypatch):
    calls = []
    publicity_job = JobFactory(status=Job.Status.PUBLICITY, closes_at=timezone.now() - datetime.timedelta(days=5),
                               publicity_ends_at=timezone.now() - datetime.timedelta(minutes=1))
    import bidding.services.clock as clock

    monkeypatch.setattr(clock, "publicity_end_if_due", lambda job_id, now: calls.append(job_id) or True)
    assert advance_due_jobs()["publicity_ended"] == [publicity_job.pk]
    assert calls == [publicity_job.pk]
