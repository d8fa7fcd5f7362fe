"""An entry ends at its expiry (nothing written: the dates say it) or by credit repair (信用修复):
the agency's admin applies while it is in force, a regulator decides. Either way everything lifts
— bids, signing, the bans at registration and for admins — and the entry stays public as ended."""
import datetime

import pytest
import time_machine
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding.eligibility import bid_refusal
from core.models import Notice
from providers.models import Membership, Organisation, PersonBan, Region
from providers.services.registration import agency_register
from providers.standing_rules import bans_of, is_barred
from reviews import blacklist_rules as rules
from reviews import errors
from reviews.models import BlacklistEntry, CreditRepair, RepairEvidence
from reviews.selectors.blacklist import entries_of, public_entries
from reviews.services.blacklist import blacklist_reject
from reviews.services.repair import repair_apply, repair_decide
from tests.factories import JobFactory, MembershipFactory, RegulatorFactory, UserFactory
from tests.factories.blacklist import approved, evidence, propose
from tests.providers.helpers import agency_data
from tests.writes import nothing_written

from .conftest import REPRESENTATIVE_ID

pytestmark = pytest.mark.django_db

WRITTEN = (CreditRepair, RepairEvidence, BlacklistEntry, PersonBan)


def fresh(obj):
    obj.refresh_from_db()
    return obj


def lifted(agency, at):
    """Nothing of the blacklisting holds at `at` for the agency and its legal representative."""
    job = JobFactory(closes_at=at + datetime.timedelta(days=5), published_at=at - datetime.timedelta(days=1))
    return (not is_barred(agency, at) and bid_refusal(agency, job, at=at) is None
            and not bans_of([agency.legal_representative_id_hash], at))


def register_under_the_representative(uscc_seed):
    from tests.factories.providers import valid_uscc

    return agency_register(actor=UserFactory(), data=agency_data(
        Region.objects.get(code="510603"), uscc=valid_uscc(seed=uscc_seed), name=f"新机构{uscc_seed}",
        legal_representative_id_number=REPRESENTATIVE_ID))


# --- expiry ---------------------------------------------------------------------------------

def test_everything_lifts_at_the_end_of_the_period_without_any_write(agency, admin):
    entry = approved(agency, years=1)
    agency = fresh(agency)
    assert not lifted(agency, entry.ends_at - datetime.timedelta(seconds=1))
    assert rules.entry_state(entry, entry.ends_at - datetime.timedelta(seconds=1)) == rules.IN_FORCE
    writes = AuditEntry.objects.count()

    assert lifted(agency, entry.ends_at)
    assert rules.entry_state(entry, entry.ends_at) == rules.EXPIRED
    [shown] = entries_of(agency, entry.ends_at)
    assert (shown.pk, shown.state, shown.state_label) == (entry.pk, "expired", "已期满移出")
    assert AuditEntry.objects.count() == writes

    # With the clock moved past the end, the legal representative registers again.
    with time_machine.travel(entry.ends_at + datetime.timedelta(minutes=1), tick=False):
        assert register_under_the_representative(801).pk
        with pytest.raises(errors.RepairEntryNotInForce), nothing_written(*WRITTEN):
            repair_apply(actor=admin, entry=entry, rectification="已整改", files=[evidence()])


def test_before_its_end_the_representative_is_still_refused(agency):
    from providers.errors import RegistrationBanned

    entry = approved(agency, years=1)
    with time_machine.travel(entry.ends_at - datetime.timedelta(minutes=1), tick=False):
        with pytest.raises(RegistrationBanned), nothing_written(Organisation):
            register_under_the_representative(802)


# --- repair ---------------------------------------------------------------------------------

@pytest.fixture
def entry(agency, admin):
    return approved(agency)


RECTIFICATION = "已撤回虚假报告并赔偿，对相关人员作出处理，完善了质量管理制度。"


def apply(admin, entry, **kwargs):
    return repair_apply(actor=admin, entry=entry, rectification=kwargs.pop("rectification", RECTIFICATION),
                        files=kwargs.pop("files", [evidence("整改报告.pdf")]))


def test_a_repair_approved_ends_the_entry_and_the_bans_and_the_entry_stays_public_as_ended(agency, admin, entry):
    regulators = [RegulatorFactory().user, RegulatorFactory().user]
    repair = apply(admin, entry)
    assert repair.status == CreditRepair.Status.PENDING
    assert [e.name for e in repair.evidence.all()] == ["整改报告.pdf"]
    assert AuditEntry.objects.filter(action=Action.CREDIT_REPAIR_APPLY).count() == 1
    assert all(Notice.objects.filter(user=user, title__contains="信用修复").exists() for user in regulators)
    assert not lifted(fresh(agency), timezone.now())

    repair_decide(actor=regulators[0], repair=repair, approve=True, reason="整改到位。")
    now = timezone.now()
    entry, repair, agency = fresh(entry), fresh(repair), fresh(agency)
    assert repair.status == CreditRepair.Status.APPROVED and repair.decided_by == regulators[0]
    assert entry.status == BlacklistEntry.Status.REPAIRED and entry.ended_at is not None
    assert agency.blacklisted_until == entry.ended_at <= now
    assert set(PersonBan.objects.values_list("ended_at", flat=True)) == {entry.ended_at}
    assert lifted(agency, now)
    assert register_under_the_representative(803).pk
    assert AuditEntry.objects.filter(action=Action.CREDIT_REPAIR_APPROVE).count() == 1
    assert Notice.objects.filter(user=admin, title__contains="已同意").exists()

    [shown] = [row for row in public_entries(now) if row.pk == entry.pk]
    assert (shown.state, shown.state_label) == ("repaired", "信用修复后移出")
    assert shown.ends_at > now  # the original end is kept beside when it ended


def test_a_rejected_repair_needs_reasons_and_changes_nothing(agency, admin, entry):
    regulator = RegulatorFactory().user
    repair = apply(admin, entry)
    with pytest.raises(errors.RepairReasonRequired), nothing_written(*WRITTEN):
        repair_decide(actor=regulator, repair=repair, approve=False, reason=" ")
    repair_decide(actor=regulator, repair=repair, approve=False, reason="整改材料不足以证明已消除影响。")
    assert fresh(repair).status == CreditRepair.Status.REJECTED
    assert fresh(entry).status == BlacklistEntry.Status.APPROVED
    assert not lifted(fresh(agency), timezone.now())
    with pytest.raises(errors.RepairNotPending), nothing_written(*WRITTEN):
        repair_decide(actor=regulator, repair=repair, approve=True)
    assert apply(admin, entry).status == CreditRepair.Status.PENDING  # may apply again


def test_only_one_application_waits_at_a_time_also_in_the_database(admin, entry):
    from django.db import IntegrityError, transaction

    repair = apply(admin, entry)
    with pytest.raises(errors.RepairPendingAlready), nothing_written(*WRITTEN):
        apply(admin, entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditRepair.objects.create(entry=entry, applied_by=admin, applied_at=timezone.now(), rectification="再次")
    assert CreditRepair.objects.get() == repair


@pytest.mark.parametrize("state", ["proposed", "rejected", "repaired", "expired"])
def test_a_repair_is_only_for_an_entry_in_force(agency, admin, state):
    if state == "proposed":
        entry = propose(agency)
    elif state == "rejected":
        entry = blacklist_reject(actor=RegulatorFactory().user, entry=propose(agency), note="证据不足")
    else:
        entry = approved(agency)
        if state == "repaired":
            repair_decide(actor=RegulatorFactory().user, repair=apply(admin, entry), approve=True)
        else:
            BlacklistEntry.objects.filter(pk=entry.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
        entry = fresh(entry)
    with pytest.raises(errors.RepairEntryNotInForce) as refused, nothing_written(*WRITTEN):
        apply(admin, entry)
    assert "在列" in str(refused.value)


def test_only_the_agencys_admin_applies_and_only_regulators_decide(agency, admin, entry):
    for outsider in (MembershipFactory(organisation=agency, role=Membership.Role.OPERATOR).user, UserFactory(),
                     MembershipFactory().user, RegulatorFactory().user):
        with pytest.raises(errors.RepairNotAgencyAdmin), nothing_written(*WRITTEN):
            apply(outsider, entry)
    repair = apply(admin, entry)
    for outsider in (admin, UserFactory(), RegulatorFactory(is_active=False).user):
        with pytest.raises(errors.RepairNotARegulator), nothing_written(*WRITTEN):
            repair_decide(actor=outsider, repair=repair, approve=True)


@pytest.mark.parametrize("change,error", [
    ({"rectification": "  "}, errors.RepairRectificationRequired),
    ({"files": []}, errors.RepairEvidenceRequired),
])
def test_an_application_needs_its_text_and_proof(admin, entry, change, error):
    with pytest.raises(error), nothing_written(*WRITTEN):
        apply(admin, entry, **change)


def test_an_application_for_an_entry_that_expired_meanwhile_can_only_be_rejected(admin, entry):
    repair = apply(admin, entry)
    with time_machine.travel(entry.ends_at + datetime.timedelta(minutes=1), tick=False):
        with pytest.raises(errors.RepairEntryNotInForce), nothing_written(*WRITTEN):
            repair_decide(actor=RegulatorFactory().user, repair=repair, approve=True)
        repair_decide(actor=RegulatorFactory().user, repair=repair, approve=False, reason="已期满，无需修复。")
    assert fresh(entry).status == BlacklistEntry.Status.APPROVED
