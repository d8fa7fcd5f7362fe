"""A complaint's life as data, and what the clock implies (pure: no query, no write).

    received ──take──▶ handling ──decide──▶ upheld | rejected
        │                 │
        │◀──transfer──────┘   (to another department: received again, deadline unchanged)
        └──dismiss──▶ dismissed  (不予受理: from received or handling)

`move(complaint, operation)` is the one place a complaint's status changes; the services call it
after their own checks, with the row locked. Upheld and rejected need the case taken first (a
regulator looked into it); dismissal may come at once.

The deadline (办理期限) is the end of the COMPLAINT_WORKING_DAYS-th working day after filing; a
transfer does not restart it. A complaint is "due soon" once its deadline falls within the next
COMPLAINT_REMIND_WORKING_DAYS working days (the reminder to the department goes out then), and
"overdue" after it (the escalation to the department's head goes out then). Both are defined here
once, as a pure test on one complaint and as the moment a query compares `due_at` with.
"""
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors.complaints import ComplaintWrongStatus
from .models import Complaint

S = Complaint.Status

OPEN = frozenset({S.RECEIVED, S.HANDLING})
DECIDED = frozenset({S.UPHELD, S.REJECTED, S.DISMISSED})

# operation -> (allowed from, to); "transfer" keeps the case open at the new department.
TRANSITIONS = {
    "take": ({S.RECEIVED}, S.HANDLING),
    "transfer": ({S.RECEIVED, S.HANDLING}, S.RECEIVED),
    "uphold": ({S.HANDLING}, S.UPHELD),
    "reject": ({S.HANDLING}, S.REJECTED),
    "dismiss": ({S.RECEIVED, S.HANDLING}, S.DISMISSED),
}
# decide(status=…) -> operation
DECISIONS = {S.UPHELD: "uphold", S.REJECTED: "reject", S.DISMISSED: "dismiss"}

# How the answering department was chosen (Complaint.routed_by).
ROUTED_SUPERVISOR = "supervisor"  # the department supervising the item's category
ROUTED_OPERATOR = "operator"  # the region's platform operator: nobody supervises it
ROUTED_TRANSFER = "transfer"  # moved there by a regulator of the previous department

ROUTED_LABELS = {
    ROUTED_SUPERVISOR: _("服务事项的行业主管部门"),
    ROUTED_OPERATOR: _("平台运营机构（无行业主管部门）"),
    ROUTED_TRANSFER: _("转办"),
}

# What a public page may show of a complaint: never the complainant's name, contact, account,
# the details they wrote (they may name themselves) nor the files.
PUBLIC_FIELDS = ("number", "about", "status", "summary", "filed_at", "due_at", "decided_at", "outcome")

MAX_FILES = 5
NUMBER_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789"


def allowed(complaint, operation):
    sources, _target = TRANSITIONS[operation]
    return complaint.status in sources


def move(complaint, operation):
    """Set the status for `operation`, or raise ComplaintWrongStatus. Returns the old status."""
    sources, target = TRANSITIONS[operation]
    if complaint.status not in sources:
        raise ComplaintWrongStatus()
    old = complaint.status
    complaint.status = target
    return old


def is_open(complaint):
    return complaint.status in OPEN


def number_for(moment, random_part):
    """The tracking number: TS + local date + "-" + six random characters (A–Z, 2–9)."""
    return f"TS{timezone.localtime(moment):%Y%m%d}-{random_part}"


def due_at(filed_at, calendar, days=None):
    """The deadline: end of the COMPLAINT_WORKING_DAYS-th working day after filing (local time)."""
    days = settings.COMPLAINT_WORKING_DAYS if days is None else days
    return calendar.end_of_working_days(filed_at, days)


def due_soon_limit(now, calendar):
    """Open complaints whose deadline is at or before this moment are due soon (or overdue): the
    deadline lies within the next COMPLAINT_REMIND_WORKING_DAYS working days."""
    return calendar.end_of_working_days(now, settings.COMPLAINT_REMIND_WORKING_DAYS)


def due_soon(complaint, now, calendar):
    """Open, not yet overdue, deadline within the next COMPLAINT_REMIND_WORKING_DAYS working days."""
    return is_open(complaint) and now <= complaint.due_at <= due_soon_limit(now, calendar)


def overdue(complaint, now):
    return is_open(complaint) and now > complaint.due_at


def needs_reminder(complaint, now, calendar):
    return complaint.reminded_at is None and due_soon(complaint, now, calendar)


def needs_escalation(complaint, now):
    return complaint.escalated_at is None and overdue(complaint, now)


def working_days_left(complaint, now, calendar):
    """Working days from today to the deadline's day (0 on the day itself; negative: overdue by
    that many working days). For pages."""
    today = timezone.localtime(now).date()
    due_day = timezone.localtime(complaint.due_at).date()
    if due_day >= today:
        return calendar.working_days_between(today, due_day)
    return -calendar.working_days_between(due_day, today)
