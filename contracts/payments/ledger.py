"""The platform's ledger of a milestone's money: one append-only entry per movement, and the
milestone's columns as their running sums (held = paid − released − refunded, never negative: a
database constraint). A movement is booked once per reference, so a webhook delivered twice or a
retried task books nothing the second time."""
from django.db import IntegrityError, transaction

from ..models import LedgerEntry, Milestone

COLUMN = {
    LedgerEntry.Kind.PAID: "paid_fen",
    LedgerEntry.Kind.PAID_OFFLINE: "paid_offline_fen",
    LedgerEntry.Kind.RELEASED: "released_fen",
    LedgerEntry.Kind.REFUNDED: "refunded_fen",
}


def locked_milestone(milestone_id):
    return Milestone.objects.select_for_update(of=("self",)).get(pk=milestone_id)


def book(milestone, kind, amount_fen, reference, *, now, note=""):
    """Book a movement on a milestone the caller has locked. True if booked, False if this
    reference was booked before (nothing changes)."""
    try:
        with transaction.atomic():
            LedgerEntry.objects.create(milestone=milestone, kind=kind, amount_fen=amount_fen,
                                       reference=reference, created_at=now, note=note[:200])
            column = COLUMN[kind]
            setattr(milestone, column, getattr(milestone, column) + amount_fen)
            milestone.save(update_fields=[column])
    except IntegrityError:
        milestone.refresh_from_db(fields=list(COLUMN.values()))
        if LedgerEntry.objects.filter(kind=kind, reference=reference).exists():
            return False
        raise
    return True


def sums(milestone):
    """The milestone's columns recomputed from its entries (for reconciliation)."""
    totals = dict.fromkeys(COLUMN.values(), 0)
    for kind, amount in milestone.ledger.values_list("kind", "amount_fen"):
        totals[COLUMN[kind]] += amount
    return totals
