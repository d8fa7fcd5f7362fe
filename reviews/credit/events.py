"""What counts as a credit event: the one home of it. Gathers the engine's Events
(reviews/credit/engine.py) of a set of organisations from the tables that record them.

`gather(profile, ids=... | id_range=..., at=..., rules=...)` reads each source with one query for
the whole set, as value lists (no model instances), so a batch of any size costs the same number
of queries. Days are local (Asia/Shanghai, the site's TIME_ZONE), computed by the database.

The sources, per profile (the rated side's kind):

- review: a counted (not voided) review of the organisation once it is shown — both sides'
  reviews of the contract are in, or the review window has closed — as of `at` (a review still
  blind must not move the other side's score: the score would tell what the review said;
  reviews.rules.shown_q is the rule). Agency profile: the owner's review of
  the agency; owner profile: the agency's review of the owner. Value: the review's average.
- delivery_on_time / delivery_late (agency): a contract whose lateness is stored (when its last
  milestone was accepted, contracts/services/completion.py), on the day of the final delivery;
  late when it took more working days than promised.
- signing_refusal (agency): a SigningRefusal, on the day it was recorded.
- complaint_upheld: owner profile, an objection upheld by a regulator on the owner's job;
  agency profile, complaints against agencies come with issue 11 (see `_complaints_against_agencies`).
- inspection_finding (agency): random inspections come with issue 12 (see `_inspection_findings`).
- penalty / commendation (both): a regulator's CreditAction, on the day of the decision.

Refs are unique and name the row: "review:<id>", "delivery:<contract id>", "refusal:<id>",
"objection:<id>", "action:<id>" (reviews/credit/explain.py describes them).
"""
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from bidding.models import Objection
from contracts.models import Contract, SigningRefusal

from .. import rules as review_rules
from ..models import CreditAction, Review
from . import engine

# The rated side's review, by profile (reviews.models.Review.Direction): the owner reviews the
# agency ("owner" direction), the agency reviews the owner ("agency" direction).
REVIEW_DIRECTION = {"agency": Review.Direction.OWNER_TO_AGENCY, "owner": Review.Direction.AGENCY_TO_OWNER}


def local_day(field):
    """The local date of a timestamp column, computed by the database."""
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def _in(field, ids, id_range):
    if id_range is not None:
        low, high = id_range
        return Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return Q(**{f"{field}__in": list(ids)})


def _reviews(profile, selection, at, rules):
    rows = (
        Review.objects.filter(selection("rated_id"), direction=REVIEW_DIRECTION[profile],
                              status=Review.Status.COUNTED, submitted_at__lte=at)
        .filter(review_rules.shown_q(at, rules))
        .annotate(day=local_day("submitted_at"))
        .values_list("rated_id", "pk", "average", "day")
    )
    for org_id, pk, average, day in rows:
        yield org_id, engine.Event("review", day, f"review:{pk}", value=float(average))


def _deliveries(selection, at):
    rows = (
        Contract.objects.filter(selection("agency_id"), days_late_promise__isnull=False,
                                final_delivered_at__lte=at)
        .annotate(day=local_day("final_delivered_at"))
        .values_list("agency_id", "pk", "days_late_promise", "day")
    )
    for org_id, pk, days_late, day in rows:
        kind = "delivery_late" if days_late > 0 else "delivery_on_time"
        yield org_id, engine.Event(kind, day, f"delivery:{pk}")


def _refusals(selection, at):
    rows = (
        SigningRefusal.objects.filter(selection("agency_id"), recorded_at__lte=at)
        .annotate(day=local_day("recorded_at"))
        .values_list("agency_id", "pk", "day")
    )
    for org_id, pk, day in rows:
        yield org_id, engine.Event("signing_refusal", day, f"refusal:{pk}")


def _complaints_against_owners(selection, at):
    rows = (
        Objection.objects.filter(selection("job__owner_id"), status=Objection.Status.UPHELD, decided_at__lte=at)
        .annotate(day=local_day("decided_at"))
        .values_list("job__owner_id", "pk", "day")
    )
    for org_id, pk, day in rows:
        yield org_id, engine.Event("complaint_upheld", day, f"objection:{pk}")


def _complaints_against_agencies(selection, at):
    """Complaints (投诉举报) against an agency, upheld by a regulator. Issue 11 brings complaints:
    its table plugs in here, one query yielding (agency id, Event("complaint_upheld", day,
    "complaint:<id>")) like the sources above."""
    return ()


def _inspection_findings(selection, at):
    """Findings of random inspections (双随机、一公开) of an agency. Issue 12 brings inspections: its
    findings plug in here, one query yielding (agency id, Event("inspection_finding", day,
    "inspection:<id>", level="minor" | "serious" | "grave"))."""
    return ()


def _credit_actions(selection, at):
    rows = (
        CreditAction.objects.filter(selection("organisation_id"), decided_at__lte=at)
        .annotate(day=local_day("decided_at"))
        .values_list("organisation_id", "pk", "kind", "level", "day")
    )
    for org_id, pk, kind, level, day in rows:
        yield org_id, engine.Event(kind, day, f"action:{pk}",
                                   level=level if kind == CreditAction.Kind.PENALTY else "")


def gather(profile, *, at, rules, ids=None, id_range=None):
    """{organisation id: [Event]} of the organisations of kind `profile` ("agency" or "owner")
    with the given ids, or with ids in the half-open `id_range` (low, high), as of the moment
    `at`. Organisations without events are absent. A constant number of queries."""
    if profile not in engine.PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    if (ids is None) == (id_range is None):
        raise ValueError("give ids or id_range")

    def selection(field):
        return _in(field, ids, id_range)

    sources = [_reviews(profile, selection, at, rules), _credit_actions(selection, at)]
    if profile == "agency":
        sources += [_deliveries(selection, at), _refusals(selection, at),
                    _complaints_against_agencies(selection, at), _inspection_findings(selection, at)]
    else:
        sources += [_complaints_against_owners(selection, at)]
    events = {}
    for source in sources:
        for org_id, event in source:
            events.setdefault(org_id, []).append(event)
    return events


def review_values(events):
    """The review averages among `events` (the ratings the comprehensive scoring reads)."""
    return [event.value for event in events if event.kind == "review"]

