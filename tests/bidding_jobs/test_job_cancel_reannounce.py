"""Cancel with a reason (told to the agencies that bid), never after the award; re-announce a
failed or cancelled job as a pre-filled draft linked to the old one."""
import datetime

import pytest

from audit.actions import Action
from audit.models import AuditEntry
from bidding.errors import AlreadyReannounced, CancelReasonRequired, NotReannounceable
from bidding.models import Bid, Job, JobAvoidance
from bidding.services.jobs import job_cancel, job_reannounce
from bidding.states import InvalidTransition
from core.errors import NotAllowed
from core.models import Notice
from tests.factories import AgencyFactory, BidFactory, JobFactory, MembershipFactory

from .conftest import SHANGHAI


def test_cancel_needs_a_reason(draft, admin):
    with pytest.raises(CancelReasonRequired) as caught:
        job_cancel(actor=admin, job=draft, reason="  ")
    assert caught.value.field == "reason"
    assert Job.objects.get(pk=draft.pk).status == Job.Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_cancel_records_the_reason_and_tells_the_bidders(owner, operator, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    job = JobFactory(owner=owner)
    bidder = MembershipFactory(organisation=AgencyFactory()).user
    BidFactory(job=job, agency=bidder.organisations.get())
    withdrawn = MembershipFactory(organisation=AgencyFactory()).user
    BidFactory(job=job, agency=withdrawn.organisations.get(), status=Bid.Status.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        job_cancel(actor=operator, job=job, reason="项目规划调整，暂停实施")

    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job.end_reason == "项目规划调整，暂停实施"
    assert job.ended_at is not None
    assert Notice.objects.filter(user=bidder, body__contains="项目规划调整").count() == 1
    assert not Notice.objects.filter(user=withdrawn).exists()
    assert [message.to for message in mailoutbox] == [[bidder.email]]
    assert AuditEntry.objects.filter(action=Action.JOB_CANCEL).count() == 1


@pytest.mark.parametrize("status", [Job.Status.AWARDED, Job.Status.CONTRACTED, Job.Status.COMPLETED])
def test_cancel_is_refused_after_the_award(owner, admin, status):
    job = JobFactory(owner=owner, status=status)
    with pytest.raises(InvalidTransition):
        job_cancel(actor=admin, job=job, reason="不想要了")
    assert Job.objects.get(pk=job.pk).status == status
    assert not AuditEntry.objects.exists()


def test_someone_outside_the_owner_cannot_cancel(owner, outsider):
    job = JobFactory(owner=owner)
    with pytest.raises(NotAllowed):
        job_cancel(actor=outsider, job=job, reason="捣乱")
    assert Job.objects.get(pk=job.pk).status == Job.Status.PUBLISHED


def test_reannouncing_a_failed_job_makes_a_prefilled_draft_linked_to_it(owner, admin, item, surveying, friday):
    old = JobFactory(owner=owner, item=item, status=Job.Status.FAILED, selection_method=Job.Method.SCORING,
                     weights={"price": 40, "credit": 20, "rating": 10, "plan": 30}, fee_quantity=None,
                     closes_at=datetime.datetime(2026, 2, 20, 9, 30, tzinfo=SHANGHAI), requirements="按规范编制")
    old.required_qualifications.add(surveying)
    agency = AgencyFactory()
    JobAvoidance.objects.create(job=old, agency=agency, reason="本项目设计单位的关联公司")

    new = job_reannounce(actor=admin, job=old)

    assert new.status == Job.Status.DRAFT and new.reannounced_from == old and new.pk != old.pk
    for name in ("title", "project_code", "item", "budget", "ceiling_price", "selection_method", "weights",
                 "service_days", "requirements", "description"):
        assert getattr(new, name) == getattr(old, name), name
    assert list(new.required_qualifications.all()) == [surveying]
    assert list(new.avoidances.values_list("agency", "reason")) == [(agency.pk, "本项目设计单位的关联公司")]
    assert new.draw_seed == "" and new.published_at is None
    # Moved forward: Friday + 3 working days = Wednesday 11 March, at the old close's time of day.
    assert new.closes_at == datetime.datetime(2026, 3, 11, 9, 30, tzinfo=SHANGHAI)
    assert Job.objects.get(pk=old.pk).status == Job.Status.FAILED
    assert AuditEntry.objects.filter(action=Action.JOB_REANNOUNCE).count() == 1


def test_only_failed_or_cancelled_jobs_can_be_reannounced(owner, admin):
    job = JobFactory(owner=owner, status=Job.Status.PUBLISHED)
    with pytest.raises(NotReannounceable):
        job_reannounce(actor=admin, job=job)
    assert Job.objects.count() == 1


def test_a_job_is_reannounced_once(owner, admin):
    old = JobFactory(owner=owner, status=Job.Status.CANCELLED)
    job_reannounce(actor=admin, job=old)
    with pytest.raises(AlreadyReannounced):
        job_reannounce(actor=admin, job=old)
    assert Job.objects.count() == 2
