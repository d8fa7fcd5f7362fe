"""Money leaving the platform: released to the agency when the owner accepts a milestone (a
Stripe Connect Transfer to its connected account, sent after the commit), refunded to the owner
when a contract ends before a milestone's acceptance (a Stripe refund, sent after the commit).
Each external call carries an idempotency key made from the committed row, so a retry (the task
again, or `manage.py advance_contracts`) never moves money twice."""
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record

from ..models import LedgerEntry, Payment, Payout, PayoutAccount, Refund
from ..tasks import send_payout_task, send_refund_task
from . import gateway, ledger

NO_CONNECT_NOTE = _("平台未启用 Stripe Connect：由平台按结算记录向机构银行账户划付。")
NO_ACCOUNT_NOTE = _("等待中选机构开通收款账户。")


def release_held(milestone, *, actor, now):
    """Book the held money of an accepted milestone (locked by the caller) as released and
    record its payout. Returns the Payout, or None when nothing is held."""
    amount = milestone.held_fen
    if amount <= 0:
        return None
    ledger.book(milestone, LedgerEntry.Kind.RELEASED, amount, f"release-m{milestone.pk}-{milestone.released_fen}",
                now=now)
    connect = getattr(settings, "STRIPE_CONNECT", False)
    payout, _created = Payout.objects.get_or_create(milestone=milestone, defaults={
        "amount_fen": amount, "created_at": now,
        "status": Payout.Status.PENDING if connect else Payout.Status.OFFLINE,
        "note": "" if connect else NO_CONNECT_NOTE})
    audit_record(actor=actor, action=Action.PAYMENT_RELEASE, obj=milestone,
                 after={"amount_fen": amount, "payout": payout.pk, "status": payout.status})
    if connect:
        transaction.on_commit(lambda: send_payout_task.enqueue(payout.pk), robust=True)
    return payout


@transaction.atomic
def payout_send(payout_id):
    """Send a pending payout to the agency's connected account (Stripe Transfer). Leaves it
    pending when the agency has no account yet; idempotent."""
    payout = Payout.objects.select_for_update(of=("self",)).select_related("milestone__contract").get(pk=payout_id)
    if payout.status != Payout.Status.PENDING:
        return payout
    contract = payout.milestone.contract
    account = PayoutAccount.objects.filter(organisation_id=contract.agency_id).first()
    if account is None:
        payout.note = NO_ACCOUNT_NOTE
        payout.save(update_fields=["note"])
        return payout
    transfer = gateway.create_transfer(
        amount_fen=payout.amount_fen, destination_account=account.stripe_account_id,
        transfer_group=contract.number, idempotency_key=f"payout-{payout.pk}",
        metadata={"contract": contract.number, "milestone": str(payout.milestone_id)})
    payout.status, payout.transfer_id, payout.destination = Payout.Status.SENT, transfer.id, account.stripe_account_id
    payout.sent_at, payout.note = timezone.now(), ""
    payout.save(update_fields=["status", "transfer_id", "destination", "sent_at", "note"])
    audit_record(actor=None, action=Action.PAYMENT_PAYOUT, obj=payout.milestone,
                 after={"transfer": transfer.id, "amount_fen": payout.amount_fen})
    return payout


def refund_held(milestone, *, actor, now):
    """Refund what the platform holds for a milestone (locked by the caller) to the owner: one
    Refund per online payment, sent after the commit, booked when Stripe reports it succeeded."""
    held = milestone.held_fen
    pending = sum(r.amount_fen for r in milestone.refunds.filter(status=Refund.Status.PENDING))
    amount = held - pending
    payment = milestone.payments.filter(method=Payment.Method.ONLINE, status=Payment.Status.SUCCEEDED).first()
    if amount <= 0 or payment is None:
        return None
    refund = Refund.objects.create(milestone=milestone, payment=payment, amount_fen=amount, created_at=now)
    audit_record(actor=actor, action=Action.PAYMENT_REFUND, obj=milestone,
                 after={"amount_fen": amount, "refund": refund.pk, "payment": payment.intent_id})
    transaction.on_commit(lambda: send_refund_task.enqueue(refund.pk), robust=True)
    return refund


@transaction.atomic
def refund_send(refund_id):
    """Ask Stripe for a pending refund (idempotent by its row) and book it once it succeeded."""
    refund = Refund.objects.select_for_update(of=("self",)).select_related("payment").get(pk=refund_id)
    if refund.status != Refund.Status.PENDING:
        return refund
    if not refund.refund_id:
        result = gateway.refund(intent_id=refund.payment.intent_id, amount_fen=refund.amount_fen,
                                idempotency_key=f"refund-{refund.pk}", metadata={"refund": str(refund.pk)})
        refund.refund_id = result.id
        refund.save(update_fields=["refund_id"])
        if result.status == "succeeded":
            refund_succeeded(refund, now=timezone.now())
    return refund


def refund_succeeded(refund, *, now):
    """Book a refund Stripe reports succeeded (the refund row locked by the caller)."""
    milestone = ledger.locked_milestone(refund.milestone_id)
    if ledger.book(milestone, LedgerEntry.Kind.REFUNDED, refund.amount_fen, refund.refund_id, now=now):
        refund.status, refund.succeeded_at = Refund.Status.SUCCEEDED, now
        refund.save(update_fields=["status", "succeeded_at"])
        audit_record(actor=None, action=Action.PAYMENT_REFUND_SUCCEED, obj=milestone,
                     after={"refund": refund.refund_id, "amount_fen": refund.amount_fen})


def retry_pending():
    """Send every payout and refund still pending (a task that failed, a Stripe outage):
    `manage.py advance_contracts` calls it every minute. Returns how many were tried."""
    tried = 0
    for payout_id in Payout.objects.filter(status=Payout.Status.PENDING).values_list("pk", flat=True):
        _quietly(payout_send, payout_id)
        tried += 1
    for refund_id in Refund.objects.filter(status=Refund.Status.PENDING).values_list("pk", flat=True):
        _quietly(refund_send, refund_id)
        tried += 1
    return tried


def _quietly(function, pk):
    try:
        function(pk)
    except gateway.PaymentServiceUnavailable:
        pass  # tried again at the next run

