"""Rules that hold in the services, whatever a page offers: deadlines that already passed, money
paid into a contract that ended, a refused winner, unfair terms in any field."""
import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from bidding.models import Bid, Job
from contracts.errors import (
    AcceptanceTimeOver,
    NotTerminable,
    PaymentNotOpen,
    RunnerUpNeeded,
    RunnerUpNotAllowed,
    SigningDeadlinePassed,
    UnfairSpecialTerms,
)
from contracts.models import Contract, Delivery, Payment, Refund
from contracts.payments import gateway
from contracts.services import delivery, drafting, payments, refusal, termination

from .conftest import TERMS, plan
from .helpers import offered, signed

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_unfair_term_is_refused_in_any_field(scene):
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    unfair = "甲方有权无需说明理由拒绝支付任何款项。"
    with pytest.raises(UnfairSpecialTerms) as refused:
        drafting.contract_update(actor=scene.owner_user, contract=contract,
                                 values={**TERMS, "acceptance_criteria": unfair}, milestone_plan=plan("60000"))
    assert refused.value.field == "acceptance_criteria"
    contract.refresh_from_db()
    assert contract.values["acceptance_criteria"] == ""


def test_sending_it_back_does_not_restart_the_time_to_sign(scene):
    contract = offered(scene)
    deadline = contract.sign_deadline
    drafting.contract_return(actor=scene.agency_user, contract=contract, comments="请修改验收标准。")
    contract = drafting.contract_offer(actor=scene.owner_user, contract=Contract.objects.get(pk=contract.pk))
    assert contract.sign_deadline == deadline


def test_after_the_deadline_the_winner_cannot_send_it_back(scene):
    contract = offered(scene)
    with time_machine.travel(contract.sign_deadline + datetime.timedelta(minutes=1)):
        with pytest.raises(SigningDeadlinePassed):
            drafting.contract_return(actor=scene.agency_user, contract=contract, comments="再议")
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.OFFERED


def _refused(scene):
    contract = offered(scene)
    with time_machine.travel(contract.sign_deadline + datetime.timedelta(minutes=1)):
        refusal.refusal_record_if_due(contract.pk)
    return contract


def test_a_refused_winner_gets_no_new_contract(scene):
    _refused(scene)
    with pytest.raises(RunnerUpNeeded):
        drafting.contract_create(actor=scene.owner_user, job=scene.job)
    assert Contract.objects.count() == 1


def test_with_nobody_left_the_owner_ends_the_job(scene):
    Bid.objects.filter(pk=scene.runner_up.pk).update(status=Bid.Status.INVALID)
    _refused(scene)
    job = refusal.job_end_unsigned(actor=scene.owner_user, job=scene.job, reason="无可递补机构，重新发布公告。")
    assert job.status == Job.Status.TERMINATED and job.end_reason


def test_the_job_is_not_ended_while_a_runner_up_is_left(scene):
    _refused(scene)
    with pytest.raises(RunnerUpNotAllowed):
        refusal.job_end_unsigned(actor=scene.owner_user, job=scene.job, reason="x")
    assert Job.objects.get(pk=scene.job.pk).status == Job.Status.AWARDED


def test_after_the_acceptance_time_a_delivery_is_not_sent_back(scene):
    contract = signed(scene)
    submitted = delivery.delivery_submit(actor=scene.agency_user, milestone=contract.milestones.get(), note="",
                                         files=[SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf")])
    entries = AuditEntry.objects.count()
    with time_machine.travel(submitted.review_deadline + datetime.timedelta(minutes=1)):
        with pytest.raises(AcceptanceTimeOver):
            delivery.delivery_reject(actor=scene.owner_user, delivery=submitted, reason="不合格")
    assert Delivery.objects.get(pk=submitted.pk).status == Delivery.Status.SUBMITTED
    assert AuditEntry.objects.count() == entries


def test_a_withdrawal_after_the_termination_changes_nothing(scene):
    contract = signed(scene)
    termination.termination_propose(actor=scene.owner_user, contract=contract, reason="项目取消。")
    termination.termination_confirm(actor=scene.agency_user, contract=contract)
    with pytest.raises(NotTerminable):
        termination.termination_withdraw(actor=scene.owner_user, contract=contract)
    assert Contract.objects.get(pk=contract.pk).termination_reason == "项目取消。"


@pytest.mark.usefixtures("localstripe")
def test_a_payment_started_before_the_termination_is_not_paid_after_it(scene, django_capture_on_commit_callbacks):
    contract = signed(scene)
    payment = payments.payment_start(actor=scene.owner_user, milestone=contract.milestones.get())
    termination.termination_propose(actor=scene.owner_user, contract=contract, reason="项目取消。")
    with django_capture_on_commit_callbacks(execute=True):
        termination.termination_confirm(actor=scene.agency_user, contract=contract)
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.CANCELLED
    with pytest.raises(PaymentNotOpen):
        payments.payment_pay_test(actor=scene.owner_user, payment=payment)
    assert gateway.retrieve_intent(payment.intent_id).status == "canceled"


@pytest.mark.usefixtures("localstripe")
def test_money_arriving_after_the_termination_goes_straight_back(scene, django_capture_on_commit_callbacks):
    contract = signed(scene)
    payment = payments.payment_start(actor=scene.owner_user, milestone=contract.milestones.get())
    termination.termination_propose(actor=scene.owner_user, contract=contract, reason="项目取消。")
    termination.termination_confirm(actor=scene.agency_user, contract=contract)  # the cancel is not sent here
    gateway.confirm_test_payment(payment.intent_id)  # paid in flight, at Stripe
    with django_capture_on_commit_callbacks(execute=True):
        payments.payment_sync(payment.intent_id)
    milestone = contract.milestones.get()
    assert milestone.paid_fen == milestone.amount_fen and milestone.refunded_fen == milestone.amount_fen
    assert milestone.held_fen == 0 and Refund.objects.get().status == Refund.Status.SUCCEEDED
