"""Two presses at the same instant, on PostgreSQL: the candidates' list is fixed once and the
invitation draw runs once; the other press is refused and writes nothing."""
import pytest
from django.db import connection

from bidding.models import Draw, DrawBeacon, JobInvitation
from bidding.services.beacon import beacon_confirm, beacon_enter
from bidding.services.quote import invitation_draw_run, invitation_pool_fix
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_owners_fix_the_list_and_draw_at_the_same_instant(quote):
    job = quote.open_job(fiscal=True, invitees=3)
    quote.agencies(4)
    second_owner = type(quote.owner_user).objects.get(pk=quote.owner_user.pk)

    outcomes = at_once([lambda: invitation_pool_fix(actor=second_owner, job=job)] * 2, refused=Exception)
    assert sorted(kind for kind, _value in outcomes) == ["InvitationPoolAlreadyFixed", "ok"], outcomes
    assert DrawBeacon.objects.filter(job=job, stage=DrawBeacon.Stage.INVITATION).count() == 1

    beacon_enter(actor=quote.regulators[0], job=job, value="9 9 9", reference="福彩3D 第2026330期",
                 stage=DrawBeacon.Stage.INVITATION)
    beacon_confirm(actor=quote.regulators[1], job=job, value="9 9 9", stage=DrawBeacon.Stage.INVITATION)

    outcomes = at_once([lambda: invitation_draw_run(actor=second_owner, job=job)] * 2, refused=Exception)
    assert sorted(kind for kind, _value in outcomes) == ["InvitationDrawAlreadyRun", "ok"], outcomes
    assert Draw.objects.filter(job=job, purpose=Draw.Purpose.INVITATION).count() == 1
    assert JobInvitation.objects.filter(job=job).count() == 3
