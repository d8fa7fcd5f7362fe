"""Time-driven steps of contracts: a winner that let its time to sign run out is recorded as
refusing; a delivery the owner did not decide on in time counts as accepted; the owner's open
steps past their time get their late days brought up to date (the owner is told the first time);
payouts and refunds that could not be sent are tried again. Run by `manage.py advance_contracts` every minute; each
step locks its rows and checks again, so running late, twice or concurrently changes nothing more."""
import logging

from django.utils import timezone

from ..models import Contract, Delivery, OwnerStep, Refund
from ..payments import release
from .delivery import delivery_accept_if_due
from .owner_steps import step_late_update
from .payments import payment_sync
from .refusal import refusal_record_if_due
from .signing import contract_pdf_make

logger = logging.getLogger(__name__)


def advance_due_contracts(now=None) -> dict:
    now = now or timezone.now()
    done = {"refused": [], "deemed_accepted": [], "owner_late": [], "money_retried": 0, "refunds_checked": [],
            "pdfs_made": [], "errors": []}
    due = Contract.objects.filter(status=Contract.Status.OFFERED, sign_deadline__lte=now)
    for contract_id in due.order_by("sign_deadline", "pk").values_list("pk", flat=True):
        _apply(done, "refused", contract_id, lambda pk: refusal_record_if_due(pk, now=now))
    waiting = Delivery.objects.filter(status=Delivery.Status.SUBMITTED, review_deadline__lte=now)
    for delivery_id in waiting.order_by("review_deadline", "pk").values_list("pk", flat=True):
        _apply(done, "deemed_accepted", delivery_id, lambda pk: delivery_accept_if_due(pk, now=now))
    # The owner's steps past their time (after the above, which close some): late days as of now.
    late = OwnerStep.objects.filter(done_at__isnull=True, due_at__lt=now)
    for step_id in late.order_by("due_at", "pk").values_list("pk", flat=True):
        _apply(done, "owner_late", step_id, lambda pk: step_late_update(pk, now=now))
    try:
        done["money_retried"] = release.retry_pending()
    except Exception:
        logger.exception("retrying payouts and refunds failed")
    unsealed = Contract.objects.filter(signed_at__isnull=False, pdf="")
    for contract_id in unsealed.values_list("pk", flat=True):
        _apply(done, "pdfs_made", contract_id, contract_pdf_make)
    # Refunds Stripe accepted but had not finished (some methods take days): read their state again,
    # in case the webhook that reports it was lost.
    asked = Refund.objects.filter(status=Refund.Status.PENDING, refund_id__isnull=False)
    for intent_id in set(asked.values_list("payment__intent_id", flat=True)):
        _apply(done, "refunds_checked", intent_id, lambda pk: payment_sync(pk, now=now))
    return done


def _apply(done, key, pk, step):
    # One row's failure must not hold up the others; it is logged and tried again next run.
    try:
        if step(pk):
            done[key].append(pk)
    except Exception:
        logger.exception("advancing %s %s failed", key, pk)
        done["errors"].append(pk)
