"""The owner's public record (业主履约记录, /agencies/owners/<uscc>/): how long the owner takes
over its own steps and where it was late (contracts.selectors.clocks), and how long it takes to
review the agency (read from reviews.models.Review; only reviews whose window has closed, so the
page never tells whether a review still blind was written). Reads only."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.shortcuts import get_object_or_404

from contracts.selectors.clocks import owner_record
from providers.models import Organisation
from reviews import rules as review_rules
from reviews.models import Review


def owner_by_uscc(uscc):
    """A project owner by its credit code, or 404 (agencies have their own page)."""
    return get_object_or_404(Organisation.objects.select_related("region"), kind=Organisation.Kind.OWNER,
                             uscc=(uscc or "").upper())


@dataclass
class ReviewTiming:
    window_days: int
    written: int = 0
    average_days: object = None  # calendar days from the review window's opening to the review
    longest_days: int | None = None
    defaulted: int = 0  # none written by the window's close: the rule set's default review counted


def review_timing(owner, now) -> ReviewTiming:
    """The owner's reviews of agencies, on contracts whose review window has closed: how many it
    wrote, after how many days (calendar days, as the window is counted), how many it let lapse."""
    timing = ReviewTiming(window_days=review_rules.window_days())
    cutoff = review_rules.closed_if_filed_by(now)
    rows = (Review.objects.filter(direction=Review.Direction.OWNER_TO_AGENCY, contract__owner=owner,
                                  contract__deliverables_filed_at__lte=cutoff)
            .values_list("is_default", "submitted_at", "contract__deliverables_filed_at"))
    days = []
    for is_default, submitted_at, opened_at in rows:
        if is_default:
            timing.defaulted += 1
        else:
            days.append(max(0, (submitted_at - opened_at).days))
    if days:
        timing.written = len(days)
        timing.average_days = (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        timing.longest_days = max(days)
    return timing


def owner_public_record(owner, now):
    return {"record": owner_record(owner, now), "reviews": review_timing(owner, now)}
