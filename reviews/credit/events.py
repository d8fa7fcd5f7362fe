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
- complaint_upheld: a complaint (oversight.Complaint) upheld against the organisation held
  responsible, on the day of the decision; owner profile also: an objection upheld by a
  regulator on the owner's job.
- inspection_finding (agency): a random inspection's finding other than compliant
  (oversight.InspectionFinding), on the day its campaign's results were published; level =
  minor | serious | grave.
- penalty / commendation (both): a regulator's CreditAction, on the day of the decision.
- department_rating (agency): the approving department's rating of a deliverable
  (DepartmentRating), on the day it was given; value = corrections demanded, level =
  "first_pass" | "corrected" | "returned".
- owner_delay (owner): an owner's timed step (contracts.OwnerStep) that ran late (late_days > 0),
  on the local day it was done, or of its due time while still open (its late days grow with
  the clock until it is done); value = the working days late.

Refs are unique and name the row: "review:<id>", "delivery:<contract id>", "refusal:<id>",
"objection:<id>", "complaint:<id>", "inspection:<id>", "action:<id>", "rating:<id>",
"ownerstep:<id>" (reviews/credit/explain.py describes them).
"""
from collections import defaultdict

from django.db import connection
from django.db.models import Exists, FloatField, OuterRef, Q
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from bidding.models import Objection
from contracts.models import Contract, OwnerStep, SigningRefusal
from oversight.models import Complaint, InspectionFinding

from .. import rules as review_rules
from ..models import CreditAction, DepartmentRating, Review, rating_level
from . import engine
from .engine import Event

# An Event made from a row's five values without the named tuple's keyword handling: a bulk
# recompute makes millions.
_new = tuple.__new__

# The rated side's review, by profile (reviews.models.Review.Direction): the owner reviews the
# agency ("owner" direction), the agency reviews the owner ("agency" direction).
REVIEW_DIRECTION = {"agency": Review.Direction.OWNER_TO_AGENCY, "owner": Review.Direction.AGENCY_TO_OWNER}


def local_day(field):
    """The local date of a timestamp column, computed by the database."""
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def _rows(queryset):
    """The rows of a values_list query. On PostgreSQL straight from the cursor: the columns come
    typed as wanted (dates, floats, integers) and a bulk recompute reads millions of rows, so
    Django's per-row converters are skipped; elsewhere (SQLite) through them."""
    if connection.vendor != "postgresql":
        return iter(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return iter(cursor.fetchall())


def _in(field, ids, id_range):
    if id_range is not None:
        low, high = id_range
        return Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return Q(**{f"{field}__in": list(ids)})


def shown_q(at, rules):
    """reviews.rules.shown_q — shown once the other side's review is in or the window has closed
    (the window's end from reviews.rules.closed_if_filed_by) — written without a join to the
    contracts, which a bulk recompute would scan for every batch: the window's part is an
    EXISTS on the review's contract, evaluated only for a review whose other side is silent.
    tests/credit/test_storage.py checks that both select the same reviews."""
    other_in = Exists(Review.objects.filter(contract=OuterRef("contract")).exclude(direction=OuterRef("direction")))
    closed = Exists(Contract.objects.filter(
        pk=OuterRef("contract_id"), deliverables_filed_at__lte=review_rules.closed_if_filed_by(at, rules)))
    return Q(other_in) | Q(closed)


def _reviews(events, profile, selection, at, rules):
    rows = (
        # (the direction follows from the rated side's kind: REVIEW_DIRECTION[profile])
        Review.objects.filter(selection("rated_id"), status=Review.Status.COUNTED, submitted_at__lte=at)
        .filter(shown_q(at, rules))
        .annotate(day=local_day("submitted_at"), value=Cast("average", FloatField()))
        .order_by().values_list("rated_id", "pk", "value", "day")
    )
    for org_id, pk, value, day in _rows(rows):
        events[org_id].append(_new(Event, ("review", day, f"review:{pk}", value, "")))


def _deliveries(events, selection, at):
    rows = (
        Contract.objects.filter(selection("agency_id"), days_late_promise__isnull=False,
                                final_delivered_at__lte=at)
        .annotate(day=local_day("final_delivered_at"))
        .order_by().values_list("agency_id", "pk", "days_late_promise", "day")
    )
    for org_id, pk, days_late, day in _rows(rows):
        events[org_id].append(
            _new(Event, ("delivery_late" if days_late > 0 else "delivery_on_time", day, f"delivery:{pk}", None, "")))


def _refusals(events, selection, at):
    rows = (
        SigningRefusal.objects.filter(selection("agency_id"), recorded_at__lte=at)
        .annotate(day=local_day("recorded_at"))
        .order_by().values_list("agency_id", "pk", "day")
    )
    for org_id, pk, day in _rows(rows):
        events[org_id].append(_new(Event, ("signing_refusal", day, f"refusal:{pk}", None, "")))


def _complaints_against_owners(events, selection, at):
    rows = (
        Objection.objects.filter(selection("job__owner_id"), status=Objection.Status.UPHELD, decided_at__lte=at)
        .annotate(day=local_day("decided_at"))
        .order_by().values_list("job__owner_id", "pk", "day")
    )
    for org_id, pk, day in _rows(rows):
        events[org_id].append(_new(Event, ("complaint_upheld", day, f"objection:{pk}", None, "")))
    _complaints_upheld(events, selection, at)


def _complaints_against_agencies(events, selection, at):
    """Complaints (投诉举报, oversight.Complaint) upheld against the agency held responsible."""
    _complaints_upheld(events, selection, at)


def _complaints_upheld(events, selection, at):
    rows = (
        Complaint.objects.filter(selection("responsible_id"), status=Complaint.Status.UPHELD, decided_at__lte=at)
        .annotate(day=local_day("decided_at"))
        .order_by().values_list("responsible_id", "pk", "day")
    )
    for org_id, pk, day in _rows(rows):
        events[org_id].append(_new(Event, ("complaint_upheld", day, f"complaint:{pk}", None, "")))


def _inspection_findings(events, selection, at):
    """Findings of random inspections (双随机、一公开, oversight.InspectionFinding) other than
    compliant, once their campaign's results are published (a finding may be corrected until
    then, and a score must not tell a result before the public page does), on the day of the
    publication; level = the finding's result."""
    rows = (
        InspectionFinding.objects.filter(selection("agency_id"), campaign__published_at__lte=at)
        .exclude(result=InspectionFinding.Result.COMPLIANT)
        .annotate(day=local_day("campaign__published_at"))
        .order_by().values_list("agency_id", "pk", "result", "day")
    )
    for org_id, pk, result, day in _rows(rows):
        events[org_id].append(_new(Event, ("inspection_finding", day, f"inspection:{pk}", None, result)))


def _credit_actions(events, selection, at):
    rows = (
        CreditAction.objects.filter(selection("organisation_id"), decided_at__lte=at)
        .annotate(day=local_day("decided_at"))
        .order_by().values_list("organisation_id", "pk", "kind", "level", "day")
    )
    for org_id, pk, kind, level, day in _rows(rows):
        events[org_id].append(
            _new(Event, (kind, day, f"action:{pk}", None, level if kind == CreditAction.Kind.PENALTY else "")))


def _department_ratings(events, selection, at):
    rows = (
        DepartmentRating.objects.filter(selection("agency_id"), rated_at__lte=at)
        .annotate(day=local_day("rated_at"))
        .order_by().values_list("agency_id", "pk", "first_pass", "corrections", "returned", "day")
    )
    for org_id, pk, first_pass, corrections, returned, day in _rows(rows):
        events[org_id].append(_new(Event, ("department_rating", day, f"rating:{pk}", float(corrections),
                                           rating_level(first_pass, returned))))


def _owner_delays(events, selection, at):
    rows = (
        OwnerStep.objects.filter(selection("contract__owner_id"), late_days__gt=0)
        .filter(Q(done_at__lte=at) | Q(done_at__isnull=True, due_at__lte=at))
        .annotate(day=local_day(Coalesce("done_at", "due_at")))
        .order_by().values_list("contract__owner_id", "pk", "late_days", "day")
    )
    for org_id, pk, late_days, day in _rows(rows):
        events[org_id].append(_new(Event, ("owner_delay", day, f"ownerstep:{pk}", float(late_days), "")))


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

    events = defaultdict(list)
    _reviews(events, profile, selection, at, rules)
    _credit_actions(events, selection, at)
    if profile == "agency":
        _deliveries(events, selection, at)
        _refusals(events, selection, at)
        _complaints_against_agencies(events, selection, at)
        _inspection_findings(events, selection, at)
        _department_ratings(events, selection, at)
    else:
        _complaints_against_owners(events, selection, at)
        _owner_delays(events, selection, at)
    return dict(events)


def review_values(events):
    """The review averages among `events` (the ratings the comprehensive scoring reads)."""
    return [event.value for event in events if event.kind == "review"]

