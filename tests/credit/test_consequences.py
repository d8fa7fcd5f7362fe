"""The automatic consequences: below the rule set's thresholds an agency is put on the watch list
or suspended, with a period on record and a notice naming the lines that caused it; both lift by
themselves when the score recovers. A suspension by the credit rules refuses bids through
bidding's own eligibility (providers.standing_rules); the regulator's manual standing stays a
separate input."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding.eligibility import agency_facts, bid_refusal
from core.models import Notice
from providers import standing_rules
from providers.models import Organisation, Standing
from reviews.credit.rulesets import current_ruleset
from reviews.models import CreditPeriod
from reviews.services.credit import credit_update
from tests.factories import AgencyFactory, JobFactory, MembershipFactory
from tests.factories.credit import CreditActionFactory, delivery_of, refusal_of

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 6, 30, 10, 0))
YEAR = datetime.timedelta(days=365)


def stored(org):
    return Organisation.objects.get(pk=org.pk)


@pytest.fixture
def agency():
    agency = AgencyFactory()
    agency.member = MembershipFactory(organisation=agency).user
    return agency


def test_below_the_watch_line_the_agency_is_watched_and_told_why(agency):
    refusal_of(agency, at=NOW)
    delivery_of(agency, days_late=5, at=NOW)
    delivery_of(agency, days_late=2, at=NOW)  # 80 − 10 − 3 − 3 = 64 < 65
    credit_update([agency.pk], at=NOW)
    agency_row = stored(agency)
    assert agency_row.credit_standing == Standing.WATCH and agency_row.credit_standing_since == NOW
    assert "64.00" in agency_row.credit_standing_reason and "65" in agency_row.credit_standing_reason
    period = CreditPeriod.objects.get(organisation=agency)
    version = current_ruleset().version
    assert (period.standing, period.score, period.rule_version, period.ended_at) == ("watch", Decimal("64.00"),
                                                                                        version,
                                                                                        None)
    assert [line["kind"] for line in period.lines] == ["signing_refusal", "delivery_late", "delivery_late"]
    assert period.lines[0]["contribution"] == "-10.00" and "未在签订期限内签署" in period.lines[0]["description"]
    assert AuditEntry.objects.filter(action=Action.CREDIT_WATCH_START, object_id=str(period.pk),
                                     actor_id__isnull=True).exists()
    notice = Notice.objects.get(user=agency.member)
    assert "重点关注" in notice.title
    assert "64.00" in notice.body and "中选后拒签合同" in notice.body and "-10.00" in notice.body
    # public, and the agency may still bid
    assert standing_rules.public_standing(agency_row, NOW).code == Standing.WATCH
    assert not standing_rules.is_barred(agency_row, NOW)


def test_below_the_suspension_line_the_agency_may_not_bid(agency):
    CreditActionFactory(organisation=agency, kind="penalty", level="grave", decided_at=NOW)
    refusal_of(agency, at=NOW)  # 80 − 30 − 10 = 40 < 50
    credit_update([agency.pk], at=NOW)
    agency_row = stored(agency)
    assert agency_row.credit_standing == Standing.SUSPENDED
    assert standing_rules.is_barred(agency_row, NOW)
    job = JobFactory()
    refusal = bid_refusal(agency_row, job, at=NOW, facts=agency_facts(agency_row, job_ids=[job.pk]))
    assert "暂停参与选取" in str(refusal) and "40.00" in str(refusal)
    assert AuditEntry.objects.filter(action=Action.CREDIT_SUSPEND_START).count() == 1


def test_the_measures_lift_by_themselves_as_the_score_recovers(agency):
    """Events decay with the clock: watched, suspended, then lifted two years later, with the
    periods kept."""
    refusal_of(agency, at=NOW)
    refusal_of(agency, at=NOW)
    credit_update([agency.pk], at=NOW)  # 80 − 20 = 60: watched
    assert stored(agency).credit_standing == Standing.WATCH
    CreditActionFactory(organisation=agency, kind="penalty", level="minor", decided_at=NOW)
    credit_update([agency.pk], at=NOW)  # 55: still watched, one period
    assert CreditPeriod.objects.filter(organisation=agency).count() == 1
    CreditActionFactory(organisation=agency, kind="penalty", level="minor", decided_at=NOW)
    credit_update([agency.pk], at=NOW)  # 50: watched; one more and suspended
    CreditActionFactory(organisation=agency, kind="penalty", level="minor", decided_at=NOW)
    credit_update([agency.pk], at=NOW)  # 45: suspended
    assert stored(agency).credit_standing == Standing.SUSPENDED
    later = NOW + 2 * YEAR
    credit_update([agency.pk], at=later)  # refusals −5, penalties (half-life 730 days) −7.50: 67.50
    agency_row = stored(agency)
    assert agency_row.credit_standing == Standing.ACTIVE
    assert agency_row.credit_standing_reason == "" and agency_row.credit_standing_since is None
    periods = list(CreditPeriod.objects.filter(organisation=agency).order_by("started_at", "pk"))
    assert [(p.standing, p.started_at, p.ended_at) for p in periods] == [
        ("watch", NOW, NOW), ("suspended", NOW, later)]
    assert AuditEntry.objects.filter(action=Action.CREDIT_STANDING_LIFT, object_id=str(periods[1].pk)).exists()
    assert Notice.objects.filter(user=agency.member, title__contains="已解除").exists()
    assert not standing_rules.standing_in_force(agency_row, later)


def test_the_manual_standing_stays_a_separate_input(agency):
    """A regulator's suspension is neither lifted nor overwritten by a good score, and a credit
    suspension does not touch the regulator's standing."""
    Organisation.objects.filter(pk=agency.pk).update(standing=Standing.SUSPENDED, standing_reason="监管部门暂停")
    credit_update([agency.pk], at=NOW)
    agency_row = stored(agency)
    assert agency_row.standing == Standing.SUSPENDED and agency_row.credit_standing == Standing.ACTIVE
    assert standing_rules.is_barred(agency_row, NOW)
    Organisation.objects.filter(pk=agency.pk).update(standing=Standing.ACTIVE, standing_reason="")
    CreditActionFactory(organisation=agency, kind="penalty", level="grave", decided_at=NOW)
    refusal_of(agency, at=NOW)
    credit_update([agency.pk], at=NOW)
    agency_row = stored(agency)
    assert agency_row.standing == Standing.ACTIVE and agency_row.credit_standing == Standing.SUSPENDED
    assert standing_rules.shown_standing(agency_row, NOW).source == "credit"


def test_owners_are_never_watched_or_suspended():
    from tests.factories import OwnerFactory

    owner = OwnerFactory()
    for _ in range(3):
        CreditActionFactory(organisation=owner, kind="penalty", level="grave", decided_at=NOW)
    credit_update([owner.pk], at=NOW)
    owner = stored(owner)
    assert owner.credit_score == Decimal("0.00") and owner.credit_grade == "D"
    assert owner.credit_standing == Standing.ACTIVE and not CreditPeriod.objects.exists()
