"""The rules of the blacklist (黑名单), in one place: reads only, no writes.

- An entry's shown state at a moment (`entry_state`, and its query form `state_annotation`,
  which must agree with it): 待复核 (proposed), 复核不同意 (rejected), 在列 (approved and not yet
  at its end), 已期满移出 (approved, its end passed: no write is needed, the dates say it) and
  信用修复后移出 (ended early by a credit repair).
- The period: approval starts it at once and it lasts the proposed whole years (`period_end`).
- Four eyes: who may decide a proposal (`may_decide`): an active regulator other than the
  proposer (the database refuses the proposer too: blacklist_four_eyes).
- Credit repair (信用修复): applied for only while the entry is in force (`may_apply_for_repair`).

What an approved entry does to the agency and its people is written into providers' tables
(Organisation.blacklisted_…, PersonBan) by reviews.services.blacklist and read by every lower
app through providers.standing_rules.
"""
import datetime

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.access import is_active_regulator

from .models import BlacklistEntry

STATUS = BlacklistEntry.Status
YEARS = (1, 2, 3)

PROPOSED = "proposed"
REJECTED = "rejected"
IN_FORCE = "in_force"
EXPIRED = "expired"
REPAIRED = "repaired"
STATE_LABELS = {
    PROPOSED: _("待复核"),
    REJECTED: _("复核不同意"),
    IN_FORCE: _("在列"),
    EXPIRED: _("已期满移出"),
    REPAIRED: _("信用修复后移出"),
}
# What the public sees: approved entries, in force or ended (by expiry or by repair).
PUBLIC_STATUSES = (STATUS.APPROVED, STATUS.REPAIRED)


def period_end(start, years):
    """The end of a blacklisting of `years` whole years starting at `start` (same local day and
    time; a start on 29 February ends on 28 February)."""
    local = timezone.localtime(start)
    try:
        end = local.replace(year=local.year + years)
    except ValueError:  # 29 February, in a year that has none
        end = local.replace(year=local.year + years, day=28)
    return end.astimezone(datetime.UTC)


def in_force(entry, at):
    """Approved, started and not yet ended at `at`: the agency is barred and its people banned."""
    return (entry.status == STATUS.APPROVED and entry.starts_at is not None
            and entry.starts_at <= at < entry.ends_at)


def entry_state(entry, at):
    """The state shown at `at` (one of STATE_LABELS' keys)."""
    if entry.status == STATUS.PROPOSED:
        return PROPOSED
    if entry.status == STATUS.REJECTED:
        return REJECTED
    if entry.status == STATUS.REPAIRED:
        return REPAIRED
    return IN_FORCE if entry.ends_at > at else EXPIRED


def state_label(state):
    return STATE_LABELS[state]


def _conditions(at):
    """(state, condition) in the order `entry_state` tries them; EXPIRED is what is left."""
    return [
        (PROPOSED, Q(status=STATUS.PROPOSED)),
        (REJECTED, Q(status=STATUS.REJECTED)),
        (REPAIRED, Q(status=STATUS.REPAIRED)),
        (IN_FORCE, Q(ends_at__gt=at)),
    ]


def state_annotation(at):
    """`entry_state` as a query expression (the code)."""
    return Case(*[When(condition, then=Value(state)) for state, condition in _conditions(at)],
                default=Value(EXPIRED), output_field=CharField())


def state_label_annotation(at):
    """The shown state's label as a query expression, in the language active when it is built
    (so a queryset can still be filtered and paged and carries its labels)."""
    return Case(*[When(condition, then=Value(str(STATE_LABELS[state]))) for state, condition in _conditions(at)],
                default=Value(str(STATE_LABELS[EXPIRED])), output_field=CharField())


def in_force_q(at, prefix=""):
    """`in_force` as a query condition (on BlacklistEntry, or through `prefix`)."""
    return Q(**{f"{prefix}status": STATUS.APPROVED, f"{prefix}starts_at__lte": at, f"{prefix}ends_at__gt": at})


def ended_at(entry, at):
    """When an approved entry ended (its repair, or its end once passed), or None while in force."""
    if entry.status == STATUS.REPAIRED:
        return entry.ended_at
    if entry.status == STATUS.APPROVED and entry.ends_at <= at:
        return entry.ends_at
    return None


# --- four eyes ------------------------------------------------------------------------------

def is_proposer(user, entry):
    return user is not None and user.is_authenticated and entry.proposed_by_id == user.pk


def may_decide(user, entry):
    """Whether `user` may approve or reject the proposal now: an active regulator who is not
    the proposer, while it waits."""
    return entry.status == STATUS.PROPOSED and is_active_regulator(user) and not is_proposer(user, entry)


# --- credit repair --------------------------------------------------------------------------

def may_apply_for_repair(entry, at):
    """A repair may be applied for only while the entry is in force."""
    return in_force(entry, at)
