"""The demo holds complaints in every state, made by the complaint services: received (at a
supervising department, at the platform operator, after a transfer), handling, near its deadline
and reminded, overdue and escalated, upheld (a credit event of the agency), rejected, dismissed;
named and anonymous. A second run adds and changes nothing."""
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from audit.models import AuditEntry
from core.workdays import calendar_from_db
from oversight import complaint_rules as rules
from oversight.models import Complaint
from reviews.selectors.credit import credit_explanation

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("localstripe")]

SMALL = ["--agencies", "20", "--owners", "5"]


def seed():
    call_command("seed_demo", *SMALL, verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, localstripe):
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def test_every_state(seeded):
    from django.utils import timezone

    now, calendar = timezone.now(), calendar_from_db()
    complaints = list(Complaint.objects.select_related("department"))
    statuses = {c.status for c in complaints}
    assert statuses == set(Complaint.Status.values)
    assert {c.anonymous for c in complaints} == {True, False}
    assert {c.routed_by for c in complaints} == {"supervisor", "operator", "transfer"}
    near = [c for c in complaints if rules.due_soon(c, now, calendar)]
    assert near and all(c.reminded_at for c in near)
    overdue = [c for c in complaints if rules.overdue(c, now)]
    assert overdue and all(c.escalated_at and c.reminded_at for c in overdue)
    assert AuditEntry.objects.filter(action="complaint.escalate").count() == len(overdue)
    upheld = next(c for c in complaints if c.status == Complaint.Status.UPHELD)
    assert upheld.files.count() == 1
    lines = [line for line in credit_explanation(upheld.responsible).lines if line.kind == "complaint_upheld"]
    assert [line.ref for line in lines] == [f"complaint:{upheld.pk}"]


def test_a_second_run_changes_nothing(seeded):
    def state():
        return (list(Complaint.objects.order_by("pk").values_list("pk", "status", "reminded_at", "escalated_at")),
                AuditEntry.objects.filter(object_type="oversight.complaint").count())

    first = state()
    seed()
    assert state() == first
