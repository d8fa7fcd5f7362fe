"""Money that leaves the platform is sent after the commit, in the background (core/tasks.py):
a payout to the agency, a refund to the owner. A failure stays pending and is retried by
`manage.py advance_contracts`."""
import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_payout_task(payout_id: int) -> None:
    from .payments import gateway, release

    try:
        release.payout_send(payout_id)
    except gateway.PaymentServiceUnavailable:
        logger.warning("payout %s not sent (Stripe unreachable); advance_contracts retries it", payout_id)


@task()
def send_refund_task(refund_id: int) -> None:
    from .payments import gateway, release

    try:
        release.refund_send(refund_id)
    except gateway.PaymentServiceUnavailable:
        logger.warning("refund %s not sent (Stripe unreachable); advance_contracts retries it", refund_id)


@task()
def cancel_intent_task(intent_id: str) -> None:
    """An open intent of a contract that ended: cancelled so it can no longer be paid. If it was
    paid meanwhile, the webhook books it and refunds it at once (services/payments.py)."""
    from .payments import gateway

    try:
        gateway.cancel_intent(intent_id, idempotency_key=f"cancel-{intent_id}")
    except gateway.PaymentServiceUnavailable:
        logger.warning("intent %s not cancelled; a payment on it is refunded when it arrives", intent_id)
