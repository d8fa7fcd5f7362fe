"""On PostgreSQL, at the same moment: two regulators taking or deciding the same complaint (the row
lock keeps one step, the others are told it moved on), and two runs of the clock (each reminder
and escalation sent once)."""
import pytest
from django.db import connection

from audit.models import AuditEntry
from core.models import Notice
from oversight.models import Complaint
from oversight.services.complaints import advance_complaints, complaint_decide, complaint_take
from tests.concurrency import at_once
from tests.factories import RegulatorFactory

from .helpers import Scene, at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_four_regulators_take_the_same_complaint_one_does():
    scene = Scene()
    complaint = scene.file()
    users = [scene.regulator, scene.colleague, scene.head,
             RegulatorFactory(department=scene.department).user]
    outcomes = at_once([lambda user=user: complaint_take(actor=user, complaint=complaint).handler_id for user in users])
    kinds = sorted(kind for kind, _value in outcomes)
    assert kinds == ["ComplaintWrongStatus"] * 3 + ["ok"], outcomes
    assert AuditEntry.objects.filter(action="complaint.take").count() == 1


def test_two_decisions_at_once_one_is_kept():
    scene = Scene()
    complaint = complaint_take(actor=scene.regulator, complaint=scene.file())
    outcomes = at_once([
        lambda: complaint_decide(actor=scene.regulator, complaint=complaint, status="upheld", outcome="成立。",
                                 responsible=scene.agency).status,
        lambda: complaint_decide(actor=scene.colleague, complaint=complaint, status="rejected",
                                 outcome="不成立。").status,
    ])
    assert sorted(kind for kind, _value in outcomes) == ["ComplaintWrongStatus", "ok"], outcomes
    stored = Complaint.objects.get(pk=complaint.pk)
    assert AuditEntry.objects.filter(action="complaint.decide").count() == 1
    assert (stored.responsible_id is not None) == (stored.status == "upheld")


def test_the_clock_run_twice_at_once_does_each_step_once():
    scene = Scene()
    complaints = [scene.file(now=at(2026, 3, 2, 10)) for _ in range(3)]
    Notice.objects.all().delete()
    outcomes = at_once([lambda: advance_complaints(now=at(2026, 3, 19, 9))] * 3)
    reminded = sorted(pk for _kind, (done, _escalated) in outcomes for pk in done)
    assert reminded == sorted(c.pk for c in complaints), outcomes
    assert Notice.objects.filter(user=scene.regulator).count() == 3
    outcomes = at_once([lambda: advance_complaints(now=at(2026, 3, 25, 9))] * 3)
    escalated = sorted(pk for _kind, (_done, escalated) in outcomes for pk in escalated)
    assert escalated == sorted(c.pk for c in complaints), outcomes
    assert Notice.objects.filter(user=scene.head, title__contains="超期").count() == 3
    assert AuditEntry.objects.filter(action="complaint.escalate").count() == 3
