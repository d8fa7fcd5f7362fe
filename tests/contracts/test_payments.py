"""Milestone payments through Stripe, tested against a localstripe server the tests start
(tests/conftest.py `localstripe`): pay, hold, release on acceptance, refund on termination,
offline payments with a voucher, and the ledger's invariant through all of them."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F

from audit.models import AuditEntry
from bidding.models import Job
from contracts import rules
from contracts.errors import MilestoneAlreadyPaid, OwnerOnly, PaymentNotOpen, VoucherRequired
from contracts.models import LedgerEntry, Milestone, Payment, Payout, Refund
from contracts.payments import gateway
from contracts.services import delivery, payments, termination

from .helpers import signed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("localstripe")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="凭证.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def pay_online(scene, milestone):
    payment = payments.payment_start(actor=scene.owner_user, milestone=milestone)
    return payments.payment_pay_test(actor=scene.owner_user, payment=payment)


def assert_ledger_holds(milestone):
    milestone.refresh_from_db()
    assert milestone.held_fen >= 0
    assert milestone.paid_fen == milestone.released_fen + milestone.refunded_fen + milestone.held_fen
    for kind, column in (("paid", "paid_fen"), ("released", "released_fen"), ("refunded", "refunded_fen")):
        booked = milestone.ledger.filter(kind=kind).values_list("amount_fen", flat=True)
        assert getattr(milestone, column) == sum(booked)


def test_the_owner_pays_a_milestone_into_the_platform(scene):
    milestone = signed(scene, amounts=("24000", "36000")).milestones.get(number=1)
    payment = pay_online(scene, milestone)
    assert payment.status == Payment.Status.SUCCEEDED and payment.intent_id
    milestone.refresh_from_db()
    assert milestone.paid_fen == 2_400_000 and milestone.held_fen == 2_400_000
    assert rules.payment_state(milestone)[0] == "held"
    intent = gateway.retrieve_intent(payment.intent_id)
    assert intent.status == "succeeded" and intent.amount_received_fen == 2_400_000
    assert_ledger_holds(milestone)


def test_a_milestone_already_paid_is_not_paid_again(scene):
    milestone = signed(scene).milestones.get()
    pay_online(scene, milestone)
    entries = AuditEntry.objects.count()
    with pytest.raises(MilestoneAlreadyPaid):
        payments.payment_start(actor=scene.owner_user, milestone=milestone)
    with pytest.raises(MilestoneAlreadyPaid):
        payments.payment_record_offline(actor=scene.owner_user, milestone=milestone, reference="GK1",
                                        paid_on=datetime.date.today(), files=[pdf()])
    assert Payment.objects.count() == 1 and AuditEntry.objects.count() == entries
    assert Milestone.objects.get(pk=milestone.pk).paid_fen == milestone.amount_fen


def test_one_open_payment_per_milestone_by_the_database_too(scene):
    milestone = signed(scene).milestones.get()
    payment = payments.payment_start(actor=scene.owner_user, milestone=milestone)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(milestone=milestone, method="online", amount_fen=1, created_by=scene.owner_user,
                               created_at=payment.created_at)


def test_only_the_owner_pays(scene):
    milestone = signed(scene).milestones.get()
    with pytest.raises(OwnerOnly):
        payments.payment_start(actor=scene.agency_user, milestone=milestone)
    assert not Payment.objects.exists()


def test_the_held_money_is_never_negative_by_the_database(scene):
    milestone = signed(scene).milestones.get()
    pay_online(scene, milestone)
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=milestone.pk).update(released_fen=F("paid_fen") + 1)


def test_acceptance_releases_the_money_and_completes_the_job(scene):
    milestone = signed(scene).milestones.get()
    pay_online(scene, milestone)
    submitted = delivery.delivery_submit(actor=scene.agency_user, milestone=milestone, note="", files=[pdf("报告.pdf")])
    delivery.delivery_accept(actor=scene.owner_user, delivery=submitted)
    milestone.refresh_from_db()
    assert milestone.released_fen == milestone.amount_fen and milestone.held_fen == 0
    assert Payout.objects.get(milestone=milestone).status == Payout.Status.OFFLINE  # localstripe has no Connect
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.COMPLETED
    assert_ledger_holds(milestone)


def test_with_connect_the_payout_waits_for_the_agencys_account(scene, settings, django_capture_on_commit_callbacks):
    settings.STRIPE_CONNECT = True
    milestone = signed(scene).milestones.get()
    pay_online(scene, milestone)
    submitted = delivery.delivery_submit(actor=scene.agency_user, milestone=milestone, note="", files=[pdf("报告.pdf")])
    with django_capture_on_commit_callbacks(execute=True):
        delivery.delivery_accept(actor=scene.owner_user, delivery=submitted)
    payout = Payout.objects.get(milestone=milestone)
    assert payout.status == Payout.Status.PENDING and "收款账户" in payout.note


def test_paid_after_acceptance_is_released_at_once(scene):
    milestone = signed(scene).milestones.get()
    submitted = delivery.delivery_submit(actor=scene.agency_user, milestone=milestone, note="", files=[pdf("报告.pdf")])
    delivery.delivery_accept(actor=scene.owner_user, delivery=submitted)
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.ACCEPTED
    pay_online(scene, milestone)
    milestone.refresh_from_db()
    assert milestone.released_fen == milestone.amount_fen
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.COMPLETED


def test_termination_refunds_what_is_held(scene, django_capture_on_commit_callbacks):
    contract = signed(scene, amounts=("24000", "36000"))
    first, second = contract.milestones.order_by("number")
    pay_online(scene, first)
    payment = pay_online(scene, second)
    accepted = delivery.delivery_submit(actor=scene.agency_user, milestone=first, note="", files=[pdf("报告.pdf")])
    delivery.delivery_accept(actor=scene.owner_user, delivery=accepted)
    termination.termination_propose(actor=scene.owner_user, contract=contract, reason="项目取消，双方协商解除。")
    with django_capture_on_commit_callbacks(execute=True):
        termination.termination_confirm(actor=scene.agency_user, contract=contract)
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.TERMINATED
    refund = Refund.objects.get()
    assert refund.milestone == second and refund.status == Refund.Status.SUCCEEDED
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.refunded_fen == 3_600_000 and second.held_fen == 0 and second.status == Milestone.Status.CANCELLED
    assert first.released_fen == 2_400_000 and first.refunded_fen == 0
    assert gateway.retrieve_intent(payment.intent_id).refunded_fen == 3_600_000
    assert rules.payment_state(second)[0] == "refunded"
    for milestone in (first, second):
        assert_ledger_holds(milestone)


def test_after_termination_nothing_is_paid(scene):
    contract = signed(scene)
    termination.termination_propose(actor=scene.agency_user, contract=contract, reason="乙方无法继续履约。")
    termination.termination_confirm(actor=scene.owner_user, contract=contract)
    with pytest.raises(PaymentNotOpen):
        payments.payment_start(actor=scene.owner_user, milestone=contract.milestones.get())
    assert not Payment.objects.exists()


def test_offline_payment_needs_a_voucher(scene):
    milestone = signed(scene).milestones.get()
    with pytest.raises(VoucherRequired):
        payments.payment_record_offline(actor=scene.owner_user, milestone=milestone, reference="GK202611300001",
                                        paid_on=datetime.date.today(), files=[])
    with pytest.raises(VoucherRequired):
        payments.payment_record_offline(actor=scene.owner_user, milestone=milestone, reference=" ",
                                        paid_on=datetime.date.today(), files=[pdf()])
    assert not Payment.objects.exists()
    payment = payments.payment_record_offline(actor=scene.owner_user, milestone=milestone, reference="GK202611300001",
                                              paid_on=datetime.date.today(), files=[pdf()])
    milestone.refresh_from_db()
    assert payment.vouchers.count() == 1 and milestone.paid_offline_fen == milestone.amount_fen
    assert milestone.held_fen == 0 and rules.payment_state(milestone)[0] == "offline"
    assert LedgerEntry.objects.get().kind == LedgerEntry.Kind.PAID_OFFLINE
