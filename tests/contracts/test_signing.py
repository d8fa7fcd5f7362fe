"""Online signing: re-authentication, one signature per side, the record of who, when, where and
which text; a signed contract never changes, not even by an UPDATE; the PDF carries the hash and
the platform's seal."""
import datetime

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from bidding.models import Job
from contracts.errors import (
    AlreadySigned,
    NotEditable,
    PartiesOnly,
    PartyBarred,
    ReauthFailed,
    ReauthLocked,
    SigningDeadlinePassed,
    TextChanged,
)
from contracts.models import Contract, Milestone, Signature
from contracts.pdf_check import check_pdf
from contracts.services import drafting, signing
from providers.models import Standing
from tests.accounts.helpers import totp_code

from .conftest import PASSWORD, TERMS, plan
from .helpers import offered, signed

pytestmark = pytest.mark.django_db


def sign(scene, who, contract, secret=PASSWORD, seen_hash=None):
    return signing.contract_sign(actor=getattr(scene, who), contract=contract, secret=secret,
                                 seen_hash=seen_hash or contract.text_hash)


def test_a_wrong_password_signs_nothing(scene):
    contract = offered(scene)
    entries = AuditEntry.objects.count()
    with pytest.raises(ReauthFailed):
        sign(scene, "agency_user", contract, secret="not-my-password")
    with pytest.raises(ReauthFailed):
        sign(scene, "agency_user", contract, secret="")
    assert not Signature.objects.exists() and AuditEntry.objects.count() == entries


def test_after_five_wrong_answers_even_the_right_one_waits(scene):
    contract = offered(scene)
    for _attempt in range(5):
        with pytest.raises(ReauthFailed):
            sign(scene, "agency_user", contract, secret="guess")
    with pytest.raises(ReauthLocked):
        sign(scene, "agency_user", contract)
    assert not Signature.objects.exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):  # the lock has passed
        sign(scene, "agency_user", contract)
    assert Signature.objects.count() == 1


def test_only_the_parties_sign(scene):
    contract = offered(scene)
    for who in ("outsider", "runner_up_user"):
        with pytest.raises(PartiesOnly):
            sign(scene, who, contract)
    assert not Signature.objects.exists()


def test_a_text_changed_since_it_was_read_is_not_signed(scene):
    contract = offered(scene)
    with pytest.raises(TextChanged):
        sign(scene, "agency_user", contract, seen_hash="0" * 64)
    assert not Signature.objects.exists()


def test_a_second_signature_by_the_same_side_is_refused(scene):
    contract = offered(scene)
    sign(scene, "owner_user", contract)
    with pytest.raises(AlreadySigned):
        sign(scene, "owner_user", contract)
    assert Signature.objects.count() == 1


def test_the_database_refuses_a_second_signature_too(scene):
    contract = offered(scene)
    sign(scene, "owner_user", contract)
    first = Signature.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(contract=contract, round=first.round, side=first.side, organisation=first.organisation,
                                 user=first.user, signed_at=timezone.now(), text_hash=first.text_hash,
                                 method=first.method)


def test_signing_records_who_when_where_and_what(scene, client):
    contract = signed(scene)
    owner, agency = (Signature.objects.get(side=side) for side in ("owner", "agency"))
    assert owner.user == scene.owner_user and owner.organisation == scene.job.owner
    assert agency.user == scene.agency_user and agency.organisation == scene.winner.agency
    assert owner.text_hash == agency.text_hash == contract.text_hash
    assert owner.method == agency.method == Signature.Method.PASSWORD
    assert agency.signed_at is not None


def test_both_signatures_conclude_the_contract(scene):
    contract = signed(scene, amounts=("18000", "42000"))
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED and contract.signed_at
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.CONTRACTED
    milestones = list(Milestone.objects.filter(contract=contract).order_by("number"))
    assert [m.amount_fen for m in milestones] == [1_800_000, 4_200_000]
    assert sum(m.amount_fen for m in milestones) == contract.price_fen


def test_the_pdf_carries_the_hash_and_the_platform_seal(scene):
    contract = signed(scene)
    contract.refresh_from_db()
    with contract.pdf.open("rb") as handle:
        check = check_pdf(handle.read())
    assert check.text_hash == contract.text_hash
    assert check.signed and check.intact and check.trusted, check.problem


def test_a_signed_contract_cannot_change_through_the_services(scene):
    contract = signed(scene)
    with pytest.raises(NotEditable):
        drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS, milestone_plan=plan("60000"))
    with pytest.raises(NotEditable):
        drafting.contract_offer(actor=scene.owner_user, contract=contract)


@pytest.mark.parametrize("change", [{"text": "篡改后的合同文本"}, {"text_hash": "f" * 64}, {"signed_at": None},
                                    {"price_fen": 1}, {"values": {}}, {"milestone_plan": []}, {"number": "HT-X"}])
def test_a_signed_contract_cannot_change_by_an_update(scene, change):
    contract = signed(scene)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(**change)
    fresh = Contract.objects.get(pk=contract.pk)
    assert fresh.text == contract.text and fresh.text_hash == contract.text_hash


def test_an_offered_rounds_text_is_never_rewritten(scene):
    from contracts.models import ContractRound

    offered(scene)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        ContractRound.objects.update(text="另一份文本")


def test_signatures_are_never_rewritten(scene):
    signed(scene)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        Signature.objects.update(text_hash="0" * 64)


def test_totp_users_sign_with_their_code_not_their_password(scene):
    secret = generate_totp_secret()
    TOTP.activate(scene.agency_user, secret)
    contract = offered(scene)
    with pytest.raises(ReauthFailed):
        sign(scene, "agency_user", contract)
    sign(scene, "agency_user", contract, secret=totp_code(secret))
    assert Signature.objects.get(side="agency").method == Signature.Method.TOTP


def test_after_the_deadline_the_winner_can_no_longer_sign(scene):
    contract = offered(scene)
    with time_machine.travel(contract.sign_deadline + datetime.timedelta(seconds=1)):
        with pytest.raises(SigningDeadlinePassed):
            sign(scene, "agency_user", contract)
    assert not Signature.objects.exists()


def test_a_blacklisted_winner_cannot_sign(scene):
    contract = offered(scene)
    agency = scene.winner.agency
    agency.standing = Standing.BLACKLISTED
    agency.save()
    with pytest.raises(PartyBarred):
        sign(scene, "agency_user", contract)
    assert not Signature.objects.exists()


def test_a_pdf_that_cannot_be_made_does_not_undo_the_signatures(scene, settings, tmp_path):
    from contracts.services.clock import advance_due_contracts

    key, cert = settings.CONTRACT_SIGNING_KEY, settings.CONTRACT_SIGNING_CERT
    settings.CONTRACT_SIGNING_KEY = str(tmp_path / "missing-key.pem")
    contract = signed(scene)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED and not contract.pdf
    assert advance_due_contracts()["pdfs_made"] == []  # still missing
    settings.CONTRACT_SIGNING_KEY, settings.CONTRACT_SIGNING_CERT = key, cert
    assert advance_due_contracts()["pdfs_made"] == [contract.pk]
    contract.refresh_from_db()
    with contract.pdf.open("rb") as handle:
        assert check_pdf(handle.read()).text_hash == contract.text_hash
