"""With the clock moved: the department is reminded once COMPLAINT_REMIND_WORKING_DAYS working
days before the deadline, the head is told once after it; running the clock twice does each step
once; decided complaints are left alone."""
import io

import pytest
import time_machine
from django.core.management import call_command

from audit.models import AuditEntry
from core.models import Notice
from oversight.models import Complaint
from oversight.services.complaints import advance_complaints, complaint_decide, complaint_take, complaint_transfer
from providers.models import Regulator

from .helpers import Scene, at

pytestmark = pytest.mark.django_db

FILED = at(2026, 3, 2, 10)  # deadline: 2026-03-23 23:59:59


@pytest.fixture
def scene():
    return Scene()


def notices_to(user):
    return list(Notice.objects.filter(user=user).values_list("title", flat=True))


def test_nothing_before_the_reminder_period(scene):
    scene.file(now=FILED)
    assert advance_complaints(now=at(2026, 3, 17, 18)) == ([], [])


def test_reminder_once_then_escalation_once(scene):
    complaint = scene.file(now=FILED)
    Notice.objects.all().delete()

    assert advance_complaints(now=at(2026, 3, 18, 9)) == ([complaint.pk], [])
    assert advance_complaints(now=at(2026, 3, 18, 9, 1)) == ([], [])
    assert advance_complaints(now=at(2026, 3, 20, 9)) == ([], [])
    for user in (scene.regulator, scene.colleague, scene.head):
        assert len(notices_to(user)) == 1 and "即将到期" in notices_to(user)[0]
    complaint.refresh_from_db()
    assert complaint.reminded_at == at(2026, 3, 18, 9)

    assert advance_complaints(now=at(2026, 3, 23, 23, 59)) == ([], [])
    assert advance_complaints(now=at(2026, 3, 24, 0, 1)) == ([], [complaint.pk])
    assert advance_complaints(now=at(2026, 3, 25, 9)) == ([], [])
    assert len([t for t in notices_to(scene.head) if "超期" in t]) == 1
    assert not [t for t in notices_to(scene.regulator) if "超期" in t]
    actions = list(AuditEntry.objects.filter(object_type="oversight.complaint").values_list("action", flat=True))
    assert actions.count("complaint.remind") == 1 and actions.count("complaint.escalate") == 1


def test_overdue_never_reminded_is_escalated_only(scene):
    complaint = scene.file(now=FILED)
    assert advance_complaints(now=at(2026, 4, 1)) == ([], [complaint.pk])
    complaint.refresh_from_db()
    assert complaint.reminded_at is None and complaint.escalated_at == at(2026, 4, 1)


def test_escalated_to_the_platform_operators_head_when_the_department_has_none(scene):
    Regulator.objects.filter(user=scene.head).update(is_head=False)
    complaint = scene.file(now=FILED)
    Notice.objects.all().delete()
    advance_complaints(now=at(2026, 3, 24, 9))
    assert notices_to(scene.operator_head) and "超期" in notices_to(scene.operator_head)[0]
    assert not notices_to(scene.operator_staff) and not notices_to(scene.head)
    assert Complaint.objects.get(pk=complaint.pk).escalated_at is not None


def test_decided_complaints_are_left_alone(scene):
    complaint = scene.file(now=FILED)
    complaint_decide(actor=scene.regulator, complaint=complaint, status="dismissed",
                     outcome="不属于本部门职责范围内的投诉事项。", now=at(2026, 3, 3))
    assert advance_complaints(now=at(2026, 3, 20)) == ([], [])
    assert advance_complaints(now=at(2026, 4, 20)) == ([], [])


def test_a_taken_complaint_is_still_reminded(scene):
    complaint = scene.file(now=FILED)
    complaint_take(actor=scene.regulator, complaint=complaint, now=at(2026, 3, 3))
    assert advance_complaints(now=at(2026, 3, 19)) == ([complaint.pk], [])


def test_a_transfer_lets_the_new_department_be_reminded(scene):
    complaint = scene.file(now=FILED)
    advance_complaints(now=at(2026, 3, 19))
    complaint_transfer(actor=scene.regulator, complaint=complaint, department=scene.operator,
                       reason="被投诉事项不属于环评类。", now=at(2026, 3, 19, 10))
    Notice.objects.all().delete()
    assert advance_complaints(now=at(2026, 3, 19, 11)) == ([complaint.pk], [])
    assert notices_to(scene.operator_staff) and not notices_to(scene.regulator)


def test_the_management_command_with_the_clock_moved(scene):
    complaint = scene.file(now=FILED)
    out = io.StringIO()
    with time_machine.travel(at(2026, 3, 19, 9), tick=False):
        call_command("advance_oversight", stdout=out)
        call_command("advance_oversight", stdout=out)
    with time_machine.travel(at(2026, 3, 26, 9), tick=False):
        call_command("advance_oversight", stdout=out)
        call_command("advance_oversight", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [f"complaints reminded: 1 [{complaint.pk}]; escalated: 0 []",
                     "complaints reminded: 0 []; escalated: 0 []",
                     f"complaints reminded: 0 []; escalated: 1 [{complaint.pk}]",
                     "complaints reminded: 0 []; escalated: 0 []"]
