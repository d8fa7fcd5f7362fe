"""Reads of complaints (投诉举报): routing, the public follow page and published outcomes (never
the complainant's identity), the regulators' queue scoped by department, and the clock's work list.

Scope: a regulator sees the complaints routed to their department, and those its scope covers
(marketplace.selectors.scope: the categories the department supervises, inside its region; a
platform operator sees its whole region). Only the regulators of the answering department act on
a complaint (`may_handle`); the others in scope read it.
"""
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from core.workdays import calendar_from_db
from providers.access import is_active_regulator
from providers.models import Department, Organisation
from providers.selectors.regions import region_prefix

from .. import complaint_rules as rules
from ..models import Complaint

S = Complaint.Status


# --- routing ---------------------------------------------------------------------------------

def _contains(department_region, region_code):
    prefix = region_prefix(department_region) or department_region
    return str(region_code).startswith(prefix), len(prefix)


def _most_specific(departments, region_code):
    """The department whose region contains `region_code` most narrowly (a county before its
    prefecture before its province); ties by the lower id. None if none contains it."""
    best = None
    for department in departments:
        inside, depth = _contains(department.region_id, region_code)
        if inside and (best is None or (depth, -department.pk) > best[0]):
            best = ((depth, -department.pk), department)
    return best[1] if best else None


def route_for(*, item, region_code):
    """(department, routed_by) answering a complaint about `item` (may be None) in the region:
    the department of the active regulators supervising the item's category whose region
    contains the complaint's (most specific first); else the platform operator whose region
    contains it (most specific); else any platform operator (lowest id); (None, "") if none."""
    if item is not None:
        supervising = Department.objects.filter(
            regulator__is_active=True, regulator__categories__id=item.category_id).distinct()
        department = _most_specific(supervising, region_code)
        if department is not None:
            return department, rules.ROUTED_SUPERVISOR
    operators = list(Department.objects.filter(is_platform_operator=True).order_by("pk"))
    department = _most_specific(operators, region_code) or (operators[0] if operators else None)
    return (department, rules.ROUTED_OPERATOR) if department else (None, "")


def department_regulator_users(department_id):
    """The department's regulators on duty, as users (who hears of a new or transferred case)."""
    from accounts.models import User

    return list(User.objects.filter(regulator__department_id=department_id, regulator__is_active=True,
                                    is_active=True).order_by("pk"))


def _head_users(department_ids):
    from accounts.models import User

    return list(User.objects.filter(regulator__department_id__in=list(department_ids), regulator__is_active=True,
                                    regulator__is_head=True, is_active=True).order_by("pk"))


def escalation_targets(complaint):
    """Who hears of an overdue complaint: the heads (is_head) of the answering department; if it
    has none, those of the platform operator whose region contains the complaint's (most specific
    first), else of any platform operator."""
    heads = _head_users([complaint.department_id])
    if heads:
        return heads
    operators = list(Department.objects.filter(is_platform_operator=True).order_by("pk"))
    first = _most_specific(operators, complaint.region_id)
    ordered = ([first] if first else []) + [d for d in operators if first is None or d.pk != first.pk]
    heads_of = {}
    for user in _head_users([d.pk for d in ordered]):
        heads_of.setdefault(user.regulator.department_id, []).append(user)
    for department in ordered:
        if heads_of.get(department.pk):
            return heads_of[department.pk]
    return []


def responsible_choices(complaint):
    """The organisations an upheld complaint may hold responsible: the agency or owner complained
    about, the job's owner and the job's winning agency."""
    ids = {complaint.agency_id, complaint.owner_id}
    if complaint.job_id:
        job = complaint.job
        ids.add(job.owner_id)
        if job.winner_id:
            ids.add(job.winner.agency_id)
    ids.discard(None)
    return list(Organisation.objects.filter(pk__in=ids).order_by("kind", "name"))


# --- the public side -------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicComplaint:
    """What a public page shows of a complaint (complaint_rules.PUBLIC_FIELDS and names of the
    item, region and, when upheld, the organisation held responsible): never who complained."""

    number: str
    about: str
    about_label: str
    status: str
    status_label: str
    summary: str
    filed_at: datetime
    due_at: datetime
    decided_at: datetime | None
    outcome: str
    item_name: str
    region_name: str
    responsible_name: str

    @property
    def is_open(self):
        return self.status in rules.OPEN

    @property
    def is_decided(self):
        return self.status in rules.DECIDED

    @property
    def overdue(self):
        return self.is_open and timezone.now() > self.due_at


_PUBLIC_VALUES = dict(item_name=F("item__name"), region_name=F("region__full_name"),
                      responsible_name=F("responsible__name"))


def _public(row):
    upheld = row["status"] == S.UPHELD
    return PublicComplaint(
        number=row["number"], about=row["about"], about_label=str(Complaint.About(row["about"]).label),
        status=row["status"], status_label=str(S(row["status"]).label), summary=row["summary"],
        filed_at=row["filed_at"], due_at=row["due_at"], decided_at=row["decided_at"],
        outcome=row["outcome"] if row["status"] in rules.DECIDED else "",
        item_name=row["item_name"] or "", region_name=row["region_name"] or "",
        responsible_name=(row["responsible_name"] or "") if upheld else "",
    )


def _public_rows(queryset):
    return queryset.values(*rules.PUBLIC_FIELDS, **_PUBLIC_VALUES)


def normalise_number(number):
    return "".join(str(number or "").split()).upper()[:24]


def complaint_public(number):
    """The follow page's view of the complaint with this tracking number, or None. One query."""
    number = normalise_number(number)
    if not number:
        return None
    row = _public_rows(Complaint.objects.filter(number=number)).first()
    return _public(row) if row else None


class PublicList:
    """A lazily sliced list of PublicComplaint over a query (django.core.paginator takes it): one
    COUNT and one SELECT per page, whatever the page size."""

    def __init__(self, queryset):
        self._rows = _public_rows(queryset)

    def count(self):
        return self._rows.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_public(row) for row in self._rows[index]]
        return _public(self._rows[index])

    def __iter__(self):
        return (_public(row) for row in self._rows)


def public_decided(*, item=None, region=None):
    """The published outcomes (upheld, rejected, dismissed), latest decision first."""
    queryset = Complaint.objects.filter(status__in=rules.DECIDED).order_by("-decided_at", "-pk")
    if item:
        queryset = queryset.filter(item_id=getattr(item, "pk", item))
    if region:
        queryset = queryset.filter(region__code__startswith=region_prefix(region) or region)
    return PublicList(queryset)


def public_decided_by_id(*, after=0, ids=None, limit=500):
    """Published outcomes as (id, PublicComplaint) in id order: those after id `after` (or among
    `ids`), at most `limit`. One query; the search index reads these (search/sources/notices.py)."""
    queryset = Complaint.objects.filter(status__in=rules.DECIDED, pk__gt=after).order_by("pk")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    rows = queryset.values("pk", *rules.PUBLIC_FIELDS, **_PUBLIC_VALUES)[:limit]
    return [(row["pk"], _public(row)) for row in rows]


def public_decided_count():
    return Complaint.objects.filter(status__in=rules.DECIDED).count()


# --- the regulators' side --------------------------------------------------------------------

def scope_q(scope):
    """Complaints a regulator with this RegulatorScope sees: routed to their department, or about
    what the department oversees."""
    return Q(department_id=scope.department_id) | scope.q(category="item__category", region="region__code")


DUE_FILTERS = ("soon", "overdue")
STATUS_FILTERS = ("open", "decided", *S.values)


def complaints_in_scope(scope, *, status=None, due=None, item=None, region=None, department_only=False,
                        now=None):
    """The queue: complaints in scope, filtered. `status`: "open", "decided" or a Complaint.Status;
    `due`: "soon" (open, deadline within the reminder period, not yet past) or "overdue";
    `item`: a ServiceItem or its id; `region`: a region code (any level); `department_only`: only
    those routed to the regulator's own department. Open ones first by deadline, then the
    decided ones latest first."""
    now = now or timezone.now()
    queryset = Complaint.objects.filter(scope_q(scope)).select_related("item", "region", "department", "handler")
    if department_only:
        queryset = queryset.filter(department_id=scope.department_id)
    if status == "open":
        queryset = queryset.filter(status__in=rules.OPEN)
    elif status == "decided":
        queryset = queryset.filter(status__in=rules.DECIDED)
    elif status in S.values:
        queryset = queryset.filter(status=status)
    if due == "soon":
        limit = rules.due_soon_limit(now, calendar_from_db())
        queryset = queryset.filter(status__in=rules.OPEN, due_at__gte=now, due_at__lte=limit)
    elif due == "overdue":
        queryset = queryset.filter(status__in=rules.OPEN, due_at__lt=now)
    if item:
        queryset = queryset.filter(item_id=getattr(item, "pk", item))
    if region:
        queryset = queryset.filter(region__code__startswith=region_prefix(region) or region)
    open_first = Q(status__in=rules.OPEN)
    return queryset.annotate(
        open_rank=Case(When(open_first, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("open_rank", "due_at", "-decided_at", "-pk")


def queue_counts(scope, *, now=None):
    """{"open", "due_soon", "overdue"} in scope for the routed department's work: one query."""
    now = now or timezone.now()
    limit = rules.due_soon_limit(now, calendar_from_db())
    open_q = Q(status__in=rules.OPEN)
    return Complaint.objects.filter(scope_q(scope)).aggregate(
        open=Count("pk", filter=open_q),
        due_soon=Count("pk", filter=open_q & Q(due_at__gte=now, due_at__lte=limit)),
        overdue=Count("pk", filter=open_q & Q(due_at__lt=now)),
    )


def count_open(scope):
    """For the workspace queue (core.navigation.Queue.count): open complaints in scope."""
    return Complaint.objects.filter(scope_q(scope), status__in=rules.OPEN).count()


def count_urgent(scope):
    """For the workspace queue (Queue.urgent): open complaints due soon or overdue in scope."""
    now = timezone.now()
    limit = rules.due_soon_limit(now, calendar_from_db())
    return Complaint.objects.filter(scope_q(scope), status__in=rules.OPEN, due_at__lte=limit).count()


def may_handle(user, complaint):
    """True if `user` is an active regulator of the complaint's answering department (may take,
    transfer, decide)."""
    if not is_active_regulator(user):
        return False
    return user.regulator.department_id == complaint.department_id


def complaint_for_regulator(pk, user):
    """The complaint `pk` with what its regulator page shows (files, people), for a regulator
    whose scope covers it: Http404 if there is none, PermissionDenied if not a regulator or out
    of scope."""
    from marketplace.selectors.scope import scope_of
    from providers.access import regulator_for

    regulator = regulator_for(user)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    complaint = (Complaint.objects.select_related("item__category", "region", "department__region", "agency",
                                                  "owner", "job__owner", "handler", "responsible", "decided_by")
                 .prefetch_related("files").filter(pk=pk).first())
    if complaint is None:
        raise Http404
    if complaint.department_id != regulator.department_id:
        scope = scope_of(regulator)
        category_id = complaint.item.category_id if complaint.item_id else None
        if not scope.covers(category_id=category_id, region_code=complaint.region_id):
            raise PermissionDenied
    return complaint


def transfer_choices(complaint):
    """Departments a complaint may be transferred to: any other department."""
    return Department.objects.exclude(pk=complaint.department_id).select_related("region").order_by("region_id",
                                                                                                  "name")


# --- the clock's work list -------------------------------------------------------------------

def due_for_reminder(now, calendar):
    """Open complaints not yet reminded whose deadline is within the reminder period and not past."""
    return Complaint.objects.filter(status__in=rules.OPEN, reminded_at__isnull=True, due_at__gte=now,
                                    due_at__lte=rules.due_soon_limit(now, calendar))


def due_for_escalation(now):
    """Open complaints past their deadline, not yet escalated."""
    return Complaint.objects.filter(status__in=rules.OPEN, escalated_at__isnull=True, due_at__lt=now)


__all__ = [
    "PublicComplaint", "PublicList", "route_for", "department_regulator_users", "escalation_targets",
    "responsible_choices", "complaint_public", "public_decided", "complaints_in_scope", "queue_counts",
    "count_open", "count_urgent", "may_handle", "complaint_for_regulator", "transfer_choices",
    "due_for_reminder", "due_for_escalation", "normalise_number", "scope_q",
]
