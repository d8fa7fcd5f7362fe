"""The clock and the owner's payment at the same instant, on PostgreSQL: the step's row lock
orders them; whichever comes second sees what the first did. The step ends done, with the late
days counted by hand, and the owner is told of the delay at most once."""
import datetime

import pytest
import time_machine
from django.db import connection

from contracts.models import OwnerStep, Payment
from contracts.services import payments
from contracts.services.owner_steps import step_late_update
from core.models import Notice
from tests.concurrency import at_once

from .conftest import at
from .test_clocks import pdf
from .test_pages import late_payment_scene

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_the_clock_and_the_payment_at_once(scene, short_clocks):
    _contract, first = late_payment_scene(scene)
    pay = OwnerStep.objects.get(kind=OwnerStep.Kind.PAY_MILESTONE, milestone=first)
    with time_machine.travel(at(12), tick=False):
        # Any error, not only a refusal, is shown in the assertion.
        outcomes = at_once([
            lambda: step_late_update(pay.pk, now=at(12)),
            lambda: payments.payment_record_offline(actor=scene.owner_user, milestone=first, reference="GK-9",
                                                    paid_on=datetime.date(2026, 3, 12),
                                                    files=[pdf("凭证.pdf")]).pk,
        ], refused=Exception)
    assert [kind for kind, _value in outcomes] == ["ok", "ok"], outcomes
    pay.refresh_from_db()
    # Due end of Mon 9; paid Thu 12: late Tue 10, Wed 11, Thu 12 = 3.
    assert (pay.outcome, pay.done_at, pay.late_days) == (OwnerStep.Outcome.DONE, at(12), 3)
    assert Payment.objects.filter(milestone=first).count() == 1
    assert Notice.objects.filter(user=scene.owner_user, title__startswith="办理逾期").count() <= 1
