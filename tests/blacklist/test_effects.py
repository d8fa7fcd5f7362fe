"""What an approved blacklisting does to the agency: it may not bid (refused with the reason and
the period), sign a contract, or enter a draw (a bid it made before is judged invalid at the
close, so it is neither drawn nor ranked, and the runner-up after a refusal skips it). All of it
read through providers.standing_rules from what the approval wrote."""
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from bidding import errors as bidding_errors
from bidding.models import Bid, Draw, Job, JobEntryValue
from bidding.services.bids import bid_submit
from bidding.services.closing import job_close_if_due
from bidding.services.selection import draw_run
from bidding.states import close_grace
from contracts.errors import PartyBarred
from contracts.models import Signature
from contracts.selectors.award import runner_up
from contracts.services import signing
from tests.contracts.conftest import PASSWORD, scene, template  # noqa: F401  (fixtures)
from tests.contracts.helpers import offered
from tests.factories import AgencyFactory, DrawBeaconFactory, JobFactory, MembershipFactory
from tests.factories.blacklist import FACTS, approved
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db


def bid_data():
    return {"price": Decimal("60000"), "promised_days": 15, "plan": "现场踏勘后编制报告表。"}


def bidder(**fields):
    agency = AgencyFactory(**fields)
    return agency, MembershipFactory(organisation=agency, role="operator").user


def test_a_blacklisted_agency_is_refused_at_every_bid_with_the_reason_and_the_period(agency):
    user = MembershipFactory(organisation=agency, role="operator").user
    job = JobFactory(closes_at=timezone.now() + datetime.timedelta(days=5))
    entry = approved(agency)
    with pytest.raises(bidding_errors.AgencyMayNotBid) as refused, nothing_written(Bid, JobEntryValue):
        bid_submit(actor=user, agency=agency, job=job, data=bid_data())
    message = str(refused.value)
    assert "列入黑名单" in message and FACTS[:20] in message
    assert timezone.localtime(entry.ends_at).strftime("%Y-%m-%d") in message


def test_a_blacklisted_winner_cannot_sign(scene):  # noqa: F811
    contract = offered(scene)
    approved(scene.winner.agency)
    with pytest.raises(PartyBarred), nothing_written(Signature):
        signing.contract_sign(actor=scene.agency_user, contract=contract, secret=PASSWORD,
                              seen_hash=contract.text_hash)


def test_the_runner_up_after_a_refusal_skips_a_blacklisted_agency(scene):  # noqa: F811
    assert runner_up(scene.job) == scene.runner_up
    approved(scene.runner_up.agency)
    assert runner_up(scene.job) is None


def test_a_bid_of_an_agency_blacklisted_before_the_close_is_invalid_at_the_close_and_never_drawn():
    job = JobFactory(selection_method=Job.Method.RANDOM, closes_at=timezone.now() + datetime.timedelta(hours=1))
    owner_user = MembershipFactory(organisation=job.owner).user
    bids = {}
    for name in ("a", "b", "c", "blacklisted"):
        agency, user = bidder()
        bids[name] = bid_submit(actor=user, agency=agency, job=job, data=bid_data())
    approved(bids["blacklisted"].agency)  # after its bid, before the close

    after_close = job.closes_at + close_grace() + datetime.timedelta(seconds=1)
    with time_machine.travel(after_close, tick=False):
        assert job_close_if_due(job.pk)
    invalid = Bid.objects.get(pk=bids["blacklisted"].pk)
    assert invalid.status == Bid.Status.INVALID
    assert "列入黑名单" in invalid.invalid_reason and FACTS[:20] in invalid.invalid_reason
    assert set(Bid.objects.filter(job=job, status=Bid.Status.VALID).values_list("pk", flat=True)) == {
        bids[name].pk for name in ("a", "b", "c")}

    DrawBeaconFactory(job=job, entered_at=job.closes_at + datetime.timedelta(minutes=20))
    with time_machine.travel(after_close + datetime.timedelta(hours=2), tick=False):
        draw_run(actor=owner_user, job=Job.objects.get(pk=job.pk))
    job.refresh_from_db()
    drawn = Draw.objects.get(job=job, purpose=Draw.Purpose.WINNER)
    assert invalid.random_value not in drawn.values and len(drawn.values) == 3
    assert job.winner_id != invalid.pk
    assert Bid.objects.get(pk=invalid.pk).rank is None
    assert sorted(Bid.objects.filter(job=job, rank__isnull=False).values_list("rank", flat=True)) == [1, 2, 3]
