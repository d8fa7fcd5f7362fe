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
