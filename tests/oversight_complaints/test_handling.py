"""Taking, transferring and deciding: only the answering department's regulators, each step once;
an upheld complaint holds an organisation responsible and becomes a credit event of it."""
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from core.models import Notice
from oversight.errors.complaints import (
    ComplaintNotHandler,
    ComplaintOutcomeRequired,
    ComplaintResponsibleNotConcerned,
    ComplaintResponsibleRequired,
    ComplaintTransferReasonRequired,
    ComplaintTransferSameDepartment,
    ComplaintWrongStatus,
)
from oversight.models import Complaint
from oversight.services.complaints import complaint_decide, complaint_take, complaint_transfer
from reviews.credit.rulesets import current_ruleset
from reviews.credit.triggers import organisations_concerned
from reviews.selectors.credit import credit_explanation
from tests.factories import AgencyFactory, BidFactory, JobFactory, MembershipFactory, RegulatorFactory, UserFactory

from .helpers import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return Scene()


def snapshot(complaint):
    complaint.refresh_from_db()
    row = {f.attname: getattr(complaint, f.attname) for f in Complaint._meta.concrete_fields}
    return row, AuditEntry.objects.count(), Notice.objects.count()


def test_take_then_uphold_is_a_credit_event_of_the_agency(scene, django_capture_on_commit_callbacks):
    member = UserFactory()
    MembershipFactory(user=member, organisation=scene.agency)
    complaint = scene.file()
    complaint = complaint_take(actor=scene.regulator, complaint=complaint)
    assert (complaint.status, complaint.handler) == (Complaint.Status.HANDLING, scene.regulator)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_decide(actor=scene.colleague, complaint=complaint, status="upheld",
                                     outcome="经核查，该机构超标准收费属实，责令退还多收费用。",
                                     responsible=scene.agency.pk)
    assert (complaint.status, complaint.responsible, complaint.decided_by) == (
        Complaint.Status.UPHELD, scene.agency, scene.colleague)
    entry = AuditEntry.objects.filter(action="complaint.decide").get()
    assert organisations_concerned([(entry.object_type, entry.object_id)]) == {scene.agency.pk}
    lines = [line for line in credit_explanation(scene.agency).lines if line.kind == "complaint_upheld"]
    assert [line.ref for line in lines] == [f"complaint:{complaint.pk}"]
    assert Notice.objects.filter(user=member, title__contains="投诉成立").exists()
    scene.agency.refresh_from_db()  # the listener recomputed the agency after the commit
    assert scene.agency.credit_rule_version == current_ruleset().version
    assert scene.agency.credit_score < Decimal("80.00")


def test_a_job_complaint_may_hold_its_owner_or_winner_responsible(scene):
    job = JobFactory(item=scene.item, owner__region=scene.county)
    winner = BidFactory(job=job)
    job.winner = winner
    job.save(update_fields=["winner"])
    complaint = scene.file(about="job", job=job, agency=None)
    complaint_take(actor=scene.regulator, complaint=complaint)
    with pytest.raises(ComplaintResponsibleNotConcerned):
        complaint_decide(actor=scene.regulator, complaint=complaint, status="upheld", outcome="成立。",
                         responsible=AgencyFactory())
    complaint = complaint_decide(actor=scene.regulator, complaint=complaint, status="upheld", outcome="成立。",
                                 responsible=winner.agency)
    assert complaint.responsible == winner.agency


def test_rejected_and_dismissed_hold_nobody_responsible(scene):
    first, second = scene.file(), scene.file()
    complaint_take(actor=scene.regulator, complaint=first)
    assert complaint_decide(actor=scene.regulator, complaint=first, status="rejected",
                            outcome="经核查，收费符合公示标准。", responsible=scene.agency).responsible is None
    assert complaint_decide(actor=scene.regulator, complaint=second, status="dismissed",
                            outcome="投诉事项已由司法机关受理。").status == Complaint.Status.DISMISSED


@pytest.mark.parametrize("kwargs, error", [
    ({"status": "upheld", "outcome": "成立。"}, ComplaintResponsibleRequired),
    ({"status": "upheld", "outcome": "  ", "responsible": "x"}, ComplaintOutcomeRequired),
    ({"status": "rejected", "outcome": ""}, ComplaintOutcomeRequired),
])
def test_decisions_refused_write_nothing(scene, kwargs, error):
    complaint = complaint_take(actor=scene.regulator, complaint=scene.file())
    before = snapshot(complaint)
    with pytest.raises(error):
        complaint_decide(actor=scene.regulator, complaint=complaint, **kwargs)
    assert snapshot(complaint) == before


def test_upheld_or_rejected_need_the_case_taken_first(scene):
    complaint = scene.file()
    before = snapshot(complaint)
    with pytest.raises(ComplaintWrongStatus):
        complaint_decide(actor=scene.regulator, complaint=complaint, status="rejected", outcome="不成立。")
    assert snapshot(complaint) == before


def test_only_the_answering_departments_regulators_act(scene):
    complaint = scene.file()
    before = snapshot(complaint)
    outsider = RegulatorFactory(categories=[scene.category]).user  # another department
    for actor in (outsider, scene.operator_head, UserFactory()):
        with pytest.raises(ComplaintNotHandler):
            complaint_take(actor=actor, complaint=complaint)
        with pytest.raises(ComplaintNotHandler):
            complaint_decide(actor=actor, complaint=complaint, status="dismissed", outcome="x")
    assert snapshot(complaint) == before


def test_a_step_taken_twice_is_refused(scene):
    complaint = scene.file()
    complaint_take(actor=scene.regulator, complaint=complaint)
    with pytest.raises(ComplaintWrongStatus):
        complaint_take(actor=scene.colleague, complaint=complaint)
    complaint_decide(actor=scene.regulator, complaint=complaint, status="rejected", outcome="不成立。")
    with pytest.raises(ComplaintWrongStatus):
        complaint_decide(actor=scene.regulator, complaint=complaint, status="upheld", outcome="成立。",
                         responsible=scene.agency)
    with pytest.raises(ComplaintWrongStatus):
        complaint_transfer(actor=scene.regulator, complaint=complaint, department=scene.operator, reason="r")


def test_transfer(scene):
    complaint = complaint_take(actor=scene.regulator, complaint=scene.file())
    due = complaint.due_at
    for department, reason, error in ((scene.department, "r", ComplaintTransferSameDepartment),
                                      (scene.operator, " ", ComplaintTransferReasonRequired)):
        before = snapshot(complaint)
        with pytest.raises(error):
            complaint_transfer(actor=scene.regulator, complaint=complaint, department=department, reason=reason)
        assert snapshot(complaint) == before
    Notice.objects.all().delete()
    complaint = complaint_transfer(actor=scene.regulator, complaint=complaint, department=scene.operator.pk,
                                   reason="被投诉事项属于平台交易规则问题。")
    assert (complaint.status, complaint.department, complaint.routed_by, complaint.handler, complaint.due_at) == (
        Complaint.Status.RECEIVED, scene.operator, "transfer", None, due)
    assert set(Notice.objects.values_list("user_id", flat=True)) == {scene.operator_staff.pk,
                                                                       scene.operator_head.pk}
    with pytest.raises(ComplaintNotHandler):  # no longer theirs
        complaint_take(actor=scene.regulator, complaint=complaint)
    assert complaint_take(actor=scene.operator_staff, complaint=complaint).status == Complaint.Status.HANDLING
