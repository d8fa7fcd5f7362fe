"""Stripe's webhook: each verified event is stored by its id in the same transaction as its
effect, so it is processed exactly once however often it arrives, and two deliveries at the same
moment wait for each other on the unique id. The effect reads the intent's current state from
Stripe (services/payments.py `payment_sync`), so events may come in any order."""
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..errors import UnknownPaymentObject
from ..models import Payment, WebhookEvent
from .payments import payment_sync


def intent_of(event):
    """The PaymentIntent an event is about, or "" for events we do not act on."""
    if event.type.startswith("payment_intent."):
        return event.object_id
    if event.type.startswith(("charge.", "refund.")):
        return (event.data or {}).get("payment_intent") or ""
    return ""


@transaction.atomic
def webhook_receive(event):
    """Process one verified event. Returns "processed", "duplicate" or "ignored"; raises
    UnknownPaymentObject (nothing stored) for an intent that is not one of ours."""
    intent_id = intent_of(event)
    if intent_id and not Payment.objects.filter(intent_id=intent_id).exists():
        raise UnknownPaymentObject()
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(event_id=event.id, type=event.type[:80],
                                        object_id=(event.object_id or "")[:120],
                                        received_at=timezone.now())
    except IntegrityError:
        return "duplicate"
    if not intent_id:
        return "ignored"
    payment_sync(intent_id)
    return "processed"
