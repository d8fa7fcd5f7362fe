"""The owner pays each milestone into the platform (a Stripe PaymentIntent), or records a
payment made from a department's budget (offline, with a voucher). What Stripe says about an
intent is applied by one function, `payment_sync`, whichever way the news came (the webhook,
the owner's return to the site, `reconcile_payments`): it reads the intent's state from Stripe
and books what is not booked yet, so events count once and in any order.

Manual-capture authorisations are never used to hold money over a service period: they lapse
after a few days. The money is captured at once and held by the platform; the ledger says whose
it is (contracts/payments/ledger.py)."""
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core import uploads
from core.notifications import notify
from providers.access import is_member

from .. import rules
from ..errors import (
    MilestoneAlreadyPaid,
    OwnerOnly,
    PaymentNotOpen,
    TestPaymentsOnly,
    UnknownPaymentObject,
    VoucherRequired,
)
from ..models import Contract, LedgerEntry, Milestone, Payment, PaymentVoucher, Refund
from ..payments import gateway, ledger, release
from ._common import link, lock, parties
from .completion import complete_if_settled
from .owner_steps import payment_step_close


def _lock_for_milestone(milestone_id):
    """Lock the job, the contract, then the milestone: the order every contracts service keeps."""
    contract_id = Milestone.objects.values_list("contract_id", flat=True).get(pk=milestone_id)
    _job, contract = lock(Contract(pk=contract_id, job_id=Contract.objects.values_list("job_id", flat=True)
                                   .get(pk=contract_id)))
    return contract, ledger.locked_milestone(milestone_id)


def _check_payable(actor, contract):
    if not is_member(actor, contract.owner_id):
        raise OwnerOnly()
    if not rules.payable(contract):
        raise PaymentNotOpen()


def _locked_for_payment(actor, milestone):
    contract, milestone = _lock_for_milestone(milestone.pk)
    _check_payable(actor, contract)
    if milestone.status == Milestone.Status.CANCELLED or milestone.payments.filter(
            status__in=[Payment.Status.PENDING, Payment.Status.SUCCEEDED]).exists():
        raise MilestoneAlreadyPaid()
    return milestone, contract


def _create_payment(**fields):
    try:
        with transaction.atomic():
            return Payment.objects.create(**fields)
    except IntegrityError:
        raise MilestoneAlreadyPaid() from None


@transaction.atomic
def payment_start(*, actor, milestone):
    """Open an online payment of the milestone's amount: a PaymentIntent into the platform."""
    milestone, contract = _locked_for_payment(actor, milestone)
    now = timezone.now()
    payment = _create_payment(milestone=milestone, method=Payment.Method.ONLINE, amount_fen=milestone.amount_fen,
                              created_by=actor, created_at=now)
    intent = gateway.create_payment_intent(
        amount_fen=milestone.amount_fen, description=f"{contract.number} #{milestone.number} {milestone.title}",
        metadata={"contract": contract.number, "milestone": str(milestone.pk), "payment": str(payment.pk)},
        idempotency_key=f"payment-{payment.pk}")
    payment.intent_id = intent.id
    payment.save(update_fields=["intent_id"])
    audit_record(actor=actor, action=Action.PAYMENT_START, obj=milestone,
                 after={"payment": payment.pk, "intent": intent.id, "amount_fen": payment.amount_fen})
    return payment


def test_payments_enabled() -> bool:
    """The demo and the tests pay with Stripe's test card, confirmed by the server: only with a
    test key (never against live Stripe)."""
    return settings.STRIPE_API_KEY.startswith("sk_test_")


def payment_pay_test(*, actor, payment):
    """Pay a pending online payment with Stripe's test card (test mode only), then apply what
    Stripe says."""
    if not test_payments_enabled():
        raise TestPaymentsOnly()
    _check_payable(actor, Contract.objects.select_related("job").get(pk=payment.milestone.contract_id))
    payment.refresh_from_db()
    if payment.status != Payment.Status.PENDING or not payment.intent_id:
        raise MilestoneAlreadyPaid()
    gateway.confirm_test_payment(payment.intent_id)
    return payment_sync(payment.intent_id)


def payment_redirect(*, actor, payment, return_url):
    """Send the owner to pay a pending online payment with a redirect-based method (Alipay) on
    its own page; the result comes back by webhook (`payment_sync`). Writes nothing: the
    payment was recorded when it was started."""
    _check_payable(actor, Contract.objects.select_related("job").get(pk=payment.milestone.contract_id))
    payment.refresh_from_db()
    if payment.status != Payment.Status.PENDING or not payment.intent_id:
        raise MilestoneAlreadyPaid()
    method = next((m for m in gateway.method_types() if m != "card"), None)
    if method is None:
        raise TestPaymentsOnly()
    return gateway.confirm_with_redirect(payment.intent_id, method_type=method, return_url=return_url)


@transaction.atomic
def payment_sync(intent_id, *, now=None):
    """Apply Stripe's current state of a PaymentIntent to the payment and the ledger: paid in
    (once), failed, refunds that succeeded. Raises UnknownPaymentObject for an intent that is
    not ours."""
    milestone_id = Payment.objects.filter(intent_id=intent_id).values_list("milestone_id", flat=True).first()
    if milestone_id is None:
        raise UnknownPaymentObject()
    _contract, milestone = _lock_for_milestone(milestone_id)
    payment = Payment.objects.select_for_update().get(intent_id=intent_id)
    now = now or timezone.now()
    intent = gateway.retrieve_intent(intent_id)
    if intent.status == "succeeded" and payment.status in (Payment.Status.PENDING, Payment.Status.CANCELLED):
        _succeeded(payment, milestone, intent, now)
    elif intent.status == "canceled" and payment.status == Payment.Status.PENDING:
        payment.status = Payment.Status.FAILED
        payment.save(update_fields=["status"])
        audit_record(actor=None, action=Action.PAYMENT_FAIL, obj=milestone, after={"intent": intent_id})
    _book_refunds(payment, intent.refunded_fen, now)
    return payment


def _succeeded(payment, milestone, intent, now):
    payment.status, payment.succeeded_at = Payment.Status.SUCCEEDED, now
    payment.save(update_fields=["status", "succeeded_at"])
    ledger.book(milestone, LedgerEntry.Kind.PAID, intent.amount_received_fen or payment.amount_fen, intent.id,
                now=now)
    audit_record(actor=None, action=Action.PAYMENT_SUCCEED, obj=milestone,
                 after={"intent": intent.id, "amount_fen": milestone.paid_fen})
    if milestone.paid_fen + milestone.paid_offline_fen >= milestone.amount_fen:
        payment_step_close(milestone, now)
    contract = Contract.objects.select_related("job").get(pk=milestone.contract_id)
    notify(parties(contract), title=_("付款已到账：%(title)s") % {"title": milestone.title},
           body=_("项目业主支付的 %(amount)s 元已由平台托管，验收通过后结算给中介机构。")
           % {"amount": milestone.amount}, link=link(contract))
    if milestone.status == Milestone.Status.ACCEPTED:  # paid after the acceptance: release at once
        release.release_held(milestone, actor=None, now=now)
        complete_if_settled(contract.job_id, actor=None, now=now)
    elif milestone.status == Milestone.Status.CANCELLED or contract.status != Contract.Status.SIGNED:
        # Paid after the contract ended (an intent in flight at the termination): straight back.
        release.refund_held(milestone, actor=None, now=now)


def _book_refunds(payment, refunded_fen, now):
    """Refunds Stripe reports succeeded, up to the total it reports, booked once each."""
    booked = sum(payment.refunds.filter(status=Refund.Status.SUCCEEDED).values_list("amount_fen", flat=True))
    for refund in payment.refunds.select_for_update().filter(status=Refund.Status.PENDING,
                                                             refund_id__isnull=False).order_by("pk"):
        if booked + refund.amount_fen > refunded_fen:
            break
        release.refund_succeeded(refund, now=now)
        booked += refund.amount_fen


@transaction.atomic
def payment_record_offline(*, actor, milestone, reference, paid_on, files):
    """The owner records a payment made outside the platform (from a department's budget, by the
    treasury), with the voucher's number and a scan of it."""
    milestone, contract = _locked_for_payment(actor, milestone)
    reference = (reference or "").strip()[:100]
    if not reference or not paid_on or not [f for f in files if f]:
        raise VoucherRequired(field="reference" if not reference else "vouchers")
    now = timezone.now()
    with uploads.removed_on_failure() as keep:
        payment = _create_payment(milestone=milestone, method=Payment.Method.OFFLINE, amount_fen=milestone.amount_fen,
                                  status=Payment.Status.SUCCEEDED, reference=reference, paid_on=paid_on,
                                  created_by=actor, created_at=now, succeeded_at=now)
        uploads.attach(keep, PaymentVoucher, files, field="vouchers", payment=payment, uploaded_by=actor)
        ledger.book(milestone, LedgerEntry.Kind.PAID_OFFLINE, milestone.amount_fen, f"offline-{payment.pk}", now=now,
                    note=reference)
        audit_record(actor=actor, action=Action.PAYMENT_OFFLINE, obj=milestone,
                     after={"payment": payment.pk, "reference": reference, "paid_on": paid_on,
                            "amount_fen": payment.amount_fen})
        payment_step_close(milestone, now)
    notify(parties(contract), title=_("已登记线下支付：%(title)s") % {"title": milestone.title},
           body=_("项目业主登记了 %(amount)s 元的线下支付（凭证号 %(ref)s）。")
           % {"amount": milestone.amount, "ref": reference},
           link=link(contract))
    complete_if_settled(contract.job_id, actor=actor, now=now)
    return payment

