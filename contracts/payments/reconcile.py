"""The ledger against Stripe and against itself: what `manage.py reconcile_payments` prints.

For every online payment: Stripe's state of its PaymentIntent (succeeded or not, the amount
received, the amount refunded) against the payment row and the ledger's entries for it. For
every milestone: its columns against the sums of its entries. Reads only; it fixes nothing."""
from dataclasses import dataclass

from ..models import LedgerEntry, Milestone, Payment, Refund
from . import gateway, ledger


@dataclass(frozen=True)
class Difference:
    subject: str
    what: str
    ours: object
    stripe: object

    def __str__(self):
        return f"{self.subject}: {self.what}: ledger {self.ours} / Stripe {self.stripe}"


def online_payments():
    return Payment.objects.filter(method=Payment.Method.ONLINE, intent_id__isnull=False).order_by("pk")


def payment_differences(payment):
    intent = gateway.retrieve_intent(payment.intent_id)
    subject = f"payment {payment.pk} ({payment.intent_id}, milestone {payment.milestone_id})"
    paid = sum(LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAID, reference=payment.intent_id)
               .values_list("amount_fen", flat=True))
    refund_ids = payment.refunds.filter(status=Refund.Status.SUCCEEDED).values_list("refund_id", flat=True)
    refunded = sum(LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUNDED, reference__in=list(refund_ids))
                   .values_list("amount_fen", flat=True))
    found = []
    succeeded = intent.status == "succeeded"
    if succeeded != (payment.status == Payment.Status.SUCCEEDED):
        found.append(Difference(subject, "status", payment.status, intent.status))
    if paid != (intent.amount_received_fen if succeeded else 0):
        found.append(Difference(subject, "paid (fen)", paid, intent.amount_received_fen))
    if refunded != intent.refunded_fen:
        found.append(Difference(subject, "refunded (fen)", refunded, intent.refunded_fen))
    return found


def milestone_differences(milestone):
    totals = ledger.sums(milestone)
    return [Difference(f"milestone {milestone.pk}", column, getattr(milestone, column), f"entries {total}")
            for column, total in totals.items() if getattr(milestone, column) != total]


def milestones():
    return Milestone.objects.order_by("pk")
