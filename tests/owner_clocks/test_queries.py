"""The owner's public record runs the same number of queries whatever the number of its steps."""
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contracts.models import OwnerStep
from core.navigation import page_url
from tests.factories import ContractFactory, OwnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def late_steps(owner, n):
    now = timezone.now()
    for i in range(n):
        contract = ContractFactory(signed=True, job__owner=owner)
        OwnerStep.objects.create(contract=contract, kind=OwnerStep.Kind.SIGN, subject=f"合同 {i}",
                                 started_at=now - datetime.timedelta(days=30),
                                 due_at=now - datetime.timedelta(days=20), done_at=now - datetime.timedelta(days=10),
                                 outcome=OwnerStep.Outcome.DONE, late_days=6)
        OwnerStep.objects.create(contract=contract, kind=OwnerStep.Kind.PAY_MILESTONE, subject=f"节点 {i}",
                                 started_at=now - datetime.timedelta(days=30), due_at=now - datetime.timedelta(days=3))


def queries(owner):
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page_url("owner_record", owner.uscc)).status_code == 200
    return len(captured)


def test_the_owner_record_runs_a_fixed_number_of_queries(home):
    few, many = OwnerFactory(), OwnerFactory()
    late_steps(few, 1)
    late_steps(many, 6)
    queries(few)  # warm the per-process memos (page tree, rule set)
    assert queries(few) == queries(many)
