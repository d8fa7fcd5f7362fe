"""Four eyes: one regulator proposes (agency, facts, legal basis, evidence, 1–3 years, named
managers), a different one approves or rejects. The proposer never decides: the service refuses,
and so does the database. Every refusal says why and writes nothing."""
import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from providers.models import PersonBan
from reviews import errors
from reviews.models import BlacklistEntry, BlacklistEvidence, BlacklistPerson
from reviews.services.blacklist import blacklist_approve, blacklist_propose, blacklist_reject
from tests.factories import MembershipFactory, OwnerFactory, RegulatorFactory, UserFactory
from tests.factories.blacklist import BASIS, FACTS, MANAGER_ID, BlacklistEntryFactory, evidence, propose
from tests.writes import nothing_written

from .conftest import REPRESENTATIVE_ID

pytestmark = pytest.mark.django_db

WRITTEN = (BlacklistEntry, BlacklistPerson, BlacklistEvidence, PersonBan)


def test_a_proposal_names_the_legal_representative_and_the_managers_and_asks_the_other_regulators(
    proposer, reviewer, agency
):
    inactive = RegulatorFactory(is_active=False).user
    entry = propose(agency, proposer=proposer)
    assert entry.status == BlacklistEntry.Status.PROPOSED and entry.years == 2
    assert (entry.facts, entry.legal_basis, entry.proposed_by) == (FACTS, BASIS, proposer)
    persons = [(p.role, p.name, p.id_masked) for p in entry.persons.all()]
    assert persons == [("legal_rep", "王建国", agency.legal_representative_id_masked),
                       ("manager", "陈经理", MANAGER_ID[:4] + "*" * 10 + MANAGER_ID[-4:])]
    assert [e.name for e in entry.evidence.all()] == ["调查笔录.pdf"]
    audit = AuditEntry.objects.get(action=Action.BLACKLIST_PROPOSE)
    assert audit.object_id == str(entry.pk) and audit.after["years"] == 2
    assert MANAGER_ID not in str(audit.after)
    assert Notice.objects.filter(user=reviewer, title__contains="待复核").exists()
    assert not Notice.objects.filter(user__in=[proposer, inactive]).exists()
    # Nothing happens to the agency until a second regulator approves.
    agency.refresh_from_db()
    assert agency.blacklisted_until is None and not PersonBan.objects.exists()


def test_the_proposer_cannot_approve_or_reject_their_own_proposal(proposer, agency):
    entry = propose(agency, proposer=proposer)
    for decide in (lambda: blacklist_approve(actor=proposer, entry=entry, note="同意"),
                   lambda: blacklist_reject(actor=proposer, entry=entry, note="撤回")):
        with pytest.raises(errors.BlacklistProposerCannotDecide) as refused, nothing_written(*WRITTEN):
            decide()
        assert "另一名监管人员" in str(refused.value)
    entry.refresh_from_db()
    assert entry.status == BlacklistEntry.Status.PROPOSED and entry.decided_by is None
    agency.refresh_from_db()
    assert agency.blacklisted_until is None


def test_the_database_refuses_a_decision_by_the_proposer(proposer):
    entry = BlacklistEntryFactory(proposed_by=proposer)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlacklistEntry.objects.filter(pk=entry.pk).update(decided_by=proposer, decided_at=timezone.now(),
                                                          status=BlacklistEntry.Status.REJECTED)
    entry.refresh_from_db()
    assert entry.decided_by is None and entry.status == BlacklistEntry.Status.PROPOSED


def test_the_database_refuses_a_duration_outside_one_to_three_years_and_a_second_proposal(proposer, agency):
    for years in (0, 4):
        with pytest.raises(IntegrityError), transaction.atomic():
            BlacklistEntryFactory(agency=agency, proposed_by=proposer, years=years)
    BlacklistEntryFactory(agency=agency, proposed_by=proposer)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlacklistEntryFactory(agency=agency, proposed_by=proposer)
    assert BlacklistEntry.objects.count() == 1


def test_a_second_regulator_approves_and_the_period_starts_now(proposer, reviewer, agency, admin):
    entry = propose(agency, proposer=proposer, years=3)
    before = timezone.now()
    entry = blacklist_approve(actor=reviewer, entry=entry, note="事实清楚")
    entry.refresh_from_db()
    assert entry.status == BlacklistEntry.Status.APPROVED and entry.decided_by == reviewer
    assert before <= entry.starts_at <= timezone.now()
    local_start, local_end = timezone.localtime(entry.starts_at), timezone.localtime(entry.ends_at)
    assert (local_end.year - local_start.year, local_end.month, local_end.day, local_end.time()) == (
        3, local_start.month, local_start.day, local_start.time())
    agency.refresh_from_db()
    assert (agency.blacklisted_since, agency.blacklisted_until) == (entry.starts_at, entry.ends_at)
    assert FACTS in agency.blacklist_reason and BASIS in agency.blacklist_reason
    bans = list(PersonBan.objects.order_by("pk"))
    assert [(ban.role, ban.name, ban.source, ban.starts_at, ban.ends_at, ban.agency_id) for ban in bans] == [
        ("legal_rep", "王建国", f"blacklist:{entry.pk}", entry.starts_at, entry.ends_at, agency.pk),
        ("manager", "陈经理", f"blacklist:{entry.pk}", entry.starts_at, entry.ends_at, agency.pk)]
    assert AuditEntry.objects.filter(action=Action.BLACKLIST_APPROVE, object_id=str(entry.pk)).count() == 1
    assert Notice.objects.filter(user=admin, title__contains="列入黑名单").exists()
    assert Notice.objects.filter(user=proposer, title__contains="复核同意").exists()


def test_a_rejection_needs_reasons_and_changes_nothing_for_the_agency(proposer, reviewer, agency):
    entry = propose(agency, proposer=proposer)
    with pytest.raises(errors.BlacklistNoteRequired), nothing_written(*WRITTEN):
        blacklist_reject(actor=reviewer, entry=entry, note="  ")
    blacklist_reject(actor=reviewer, entry=entry, note="证据不足以认定出具虚假报告。")
    entry.refresh_from_db()
    assert entry.status == BlacklistEntry.Status.REJECTED and entry.decision_note.startswith("证据不足")
    agency.refresh_from_db()
    assert agency.blacklisted_until is None and not PersonBan.objects.exists()
    assert Notice.objects.filter(user=proposer, title__contains="未获同意").exists()
    assert AuditEntry.objects.filter(action=Action.BLACKLIST_REJECT).count() == 1
    # Decided once: neither decision again.
    with pytest.raises(errors.BlacklistNotPending), nothing_written(*WRITTEN):
        blacklist_approve(actor=RegulatorFactory().user, entry=entry)
    # A new proposal may follow a rejected one.
    assert propose(agency, proposer=reviewer).status == BlacklistEntry.Status.PROPOSED


def test_only_active_regulators_propose_or_decide(proposer, agency):
    outsiders = [UserFactory(), RegulatorFactory(is_active=False).user, MembershipFactory(organisation=agency).user]
    for outsider in outsiders:
        with pytest.raises(errors.BlacklistNotARegulator), nothing_written(*WRITTEN):
            propose(agency, proposer=outsider)
    entry = propose(agency, proposer=proposer)
    for outsider in outsiders:
        with pytest.raises(errors.BlacklistNotARegulator), nothing_written(*WRITTEN):
            blacklist_approve(actor=outsider, entry=entry)


@pytest.mark.parametrize("years", [0, 4, -1, "", "two", None, 1.5])
def test_a_duration_outside_one_to_three_years_is_refused_and_nothing_is_written(proposer, agency, years):
    with pytest.raises(errors.BlacklistYearsOutOfRange) as refused, nothing_written(*WRITTEN):
        propose(agency, proposer=proposer, years=years)
    assert refused.value.field == "years" and str(refused.value) == "列入黑名单的期限须为 1 至 3 年。"


@pytest.mark.parametrize("years", [1, 2, 3])
def test_one_to_three_years_are_accepted(proposer, agency, years):
    assert propose(agency, proposer=proposer, years=years).years == years


@pytest.mark.parametrize("change,error,field", [
    ({"facts": "  "}, errors.BlacklistFactsRequired, "facts"),
    ({"legal_basis": ""}, errors.BlacklistBasisRequired, "legal_basis"),
    ({"files": []}, errors.BlacklistEvidenceRequired, "files"),
    ({"managers": [("陈经理", "510681196001010000")]}, errors.BlacklistManagerInvalid, "managers"),
    ({"managers": [("", MANAGER_ID)]}, errors.BlacklistManagerInvalid, "managers"),
    ({"managers": [("陈经理", MANAGER_ID), ("陈某", MANAGER_ID.lower())]}, errors.BlacklistManagerDuplicate,
     "managers"),
])
def test_incomplete_proposals_are_refused_and_nothing_is_written(proposer, agency, change, error, field):
    with pytest.raises(error) as refused, nothing_written(*WRITTEN):
        propose(agency, proposer=proposer, **change)
    assert refused.value.field == field


def test_a_file_that_is_not_a_document_stores_nothing(proposer, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.uploads import UploadRefused

    bad = SimpleUploadedFile("证据.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    with pytest.raises(UploadRefused), nothing_written(*WRITTEN):
        propose(agency, proposer=proposer, files=[evidence(), bad])


def test_one_proposal_at_a_time_and_none_while_one_is_in_force(proposer, reviewer, agency):
    entry = propose(agency, proposer=proposer)
    with pytest.raises(errors.BlacklistProposalPending), nothing_written(*WRITTEN):
        propose(agency, proposer=reviewer)
    blacklist_approve(actor=reviewer, entry=entry)
    with pytest.raises(errors.BlacklistAlreadyInForce), nothing_written(*WRITTEN):
        propose(agency, proposer=reviewer)


def test_only_agencies_are_blacklisted(proposer):
    with pytest.raises(errors.BlacklistNotAnAgency), nothing_written(*WRITTEN):
        propose(OwnerFactory(), proposer=proposer)


def test_an_agency_registered_without_a_number_bans_only_the_named_managers(proposer, reviewer):
    from tests.factories import AgencyFactory

    agency = AgencyFactory(legal_representative_id_number="")
    entry = blacklist_approve(actor=reviewer, entry=propose(agency, proposer=proposer))
    assert [ban.role for ban in PersonBan.objects.filter(source=f"blacklist:{entry.pk}")] == ["manager"]


def test_a_manager_who_is_the_legal_representative_is_banned_once(proposer, reviewer, agency):
    entry = propose(agency, proposer=proposer, managers=[("王建国", REPRESENTATIVE_ID)])
    assert [p.role for p in entry.persons.all()] == ["legal_rep"]
    blacklist_approve(actor=reviewer, entry=entry)
    assert PersonBan.objects.count() == 1


def test_propose_takes_keyword_arguments_only(proposer, agency):
    with pytest.raises(TypeError):
        blacklist_propose(proposer, agency, FACTS, BASIS, 1, [], [evidence()])
