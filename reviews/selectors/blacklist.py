"""Reads of the blacklist (黑名单) and credit repair (信用修复): the public list and an agency's
entries (for the public credit pages), the regulators' lists and the agency's own. Each list
runs a fixed number of queries whatever its length. Reads only.

Rows carry their shown state at the moment asked (`state`, `state_label`: reviews.blacklist_rules)
and their persons with masked identity numbers (never the hash on a page).
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from providers.access import is_active_regulator, is_member
from providers.models import Organisation
from providers.selectors.queues import agencies_in_scope

from .. import blacklist_rules as rules
from ..models import BlacklistEntry, BlacklistEvidence, BlacklistPerson, CreditRepair, RepairEvidence

STATUS = BlacklistEntry.Status
REPAIR = CreditRepair.Status
LIST_LIMIT = 200  # the regulators' lists of ended and rejected entries show the newest these many


def _persons():
    return Prefetch("persons", queryset=BlacklistPerson.objects.only("entry_id", "role", "name", "id_masked")
                    .order_by("pk"))


def with_state(entries, at):
    """`entries` (a queryset of BlacklistEntry) annotated with `state` and `state_label` at `at`."""
    return entries.annotate(state=rules.state_annotation(at), state_label=rules.state_label_annotation(at))


def public_entries(at=None):
    """Every approved entry the public sees at `at` (in force, ended by expiry, ended by a
    repair), the newest first, with the agency (name, USCC), facts, basis, period, state and the
    banned persons (masked). A queryset (filter and page it as needed); two queries."""
    at = at or timezone.now()
    entries = (BlacklistEntry.objects.filter(status__in=rules.PUBLIC_STATUSES, starts_at__lte=at)
               .select_related("agency").prefetch_related(_persons()).order_by("-starts_at", "-pk"))
    return with_state(entries, at)


def entries_of(agency, at=None):
    """The agency's public entries (in force and ended), the newest first (for its public page)."""
    return public_entries(at).filter(agency=agency)


def in_force_entry(agency, at=None):
    """The agency's entry in force at `at`, or None."""
    at = at or timezone.now()
    return BlacklistEntry.objects.filter(rules.in_force_q(at), agency=agency).first()


# --- regulators -----------------------------------------------------------------------------

def _regulator_entries(at):
    return with_state(BlacklistEntry.objects.select_related("agency", "proposed_by", "decided_by")
                      .prefetch_related(_persons()), at)


def waiting_for(user, at=None, *, scope=None):
    """Proposals `user` may decide: waiting, proposed by someone else (four eyes); with a
    RegulatorScope, only those about agencies the user's department oversees."""
    at = at or timezone.now()
    entries = _regulator_entries(at).filter(status=STATUS.PROPOSED).exclude(proposed_by=user)
    if scope is not None:
        entries = entries.filter(agency__in=agencies_in_scope(scope))
    return list(entries.order_by("proposed_at", "pk"))


def proposed_by(user, at=None):
    """`user`'s own proposals still waiting for another regulator."""
    at = at or timezone.now()
    return list(_regulator_entries(at).filter(status=STATUS.PROPOSED, proposed_by=user).order_by("proposed_at", "pk"))


def waiting_count_for(user):
    """How many proposals wait for `user` (the menu's badge); one query."""
    if not is_active_regulator(user):
        return 0
    return BlacklistEntry.objects.filter(status=STATUS.PROPOSED).exclude(proposed_by=user).count()


def entries_in_force(at=None):
    at = at or timezone.now()
    return list(_regulator_entries(at).filter(rules.in_force_q(at)).order_by("-starts_at", "-pk"))


def entries_ended(at=None, limit=LIST_LIMIT):
    """Entries no longer in force (expired, repaired) and rejected proposals, the newest first."""
    at = at or timezone.now()
    ended = Q(status__in=[STATUS.REPAIRED, STATUS.REJECTED]) | Q(status=STATUS.APPROVED, ends_at__lte=at)
    return list(_regulator_entries(at).filter(ended).order_by("-proposed_at", "-pk")[:limit])


def entry_for_regulator(entry_id, user, at=None):
    """One entry with its persons, evidence and repairs, for a regulator on duty; 403 otherwise,
    404 if there is none."""
    if not is_active_regulator(user):
        raise PermissionDenied
    at = at or timezone.now()
    entry = (_regulator_entries(at).prefetch_related("evidence", _repairs()).filter(pk=entry_id).first())
    if entry is None:
        raise Http404
    return entry


def _repairs():
    return Prefetch("repairs", queryset=CreditRepair.objects.select_related("applied_by", "decided_by")
                    .prefetch_related("evidence").order_by("-applied_at", "-pk"))


def _repairs_of(scope):
    """Every repair, or with a RegulatorScope those about agencies the department oversees."""
    repairs = CreditRepair.objects.all()
    return repairs if scope is None else repairs.filter(entry__agency__in=agencies_in_scope(scope))


def pending_repairs(*, scope=None):
    return list(_repairs_of(scope).filter(status=REPAIR.PENDING).select_related("entry__agency", "applied_by")
                .order_by("applied_at", "pk"))


def decided_repairs(limit=LIST_LIMIT, *, scope=None):
    return list(_repairs_of(scope).exclude(status=REPAIR.PENDING)
                .select_related("entry__agency", "applied_by", "decided_by").order_by("-decided_at", "-pk")[:limit])


def repair_for_regulator(repair_id, user, at=None):
    if not is_active_regulator(user):
        raise PermissionDenied
    at = at or timezone.now()
    repair = (CreditRepair.objects.select_related("applied_by", "decided_by").prefetch_related("evidence")
              .filter(pk=repair_id).first())
    if repair is None:
        raise Http404
    repair.entry = _regulator_entries(at).prefetch_related("evidence").get(pk=repair.entry_id)
    return repair


def agencies_to_propose(query, limit=20):
    """Agencies matching a name or USCC, for the regulator choosing whom to propose."""
    query = (query or "").strip()
    if not query:
        return []
    return list(Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
                .filter(Q(name__icontains=query) | Q(uscc=query.upper())).order_by("name", "pk")[:limit])


def agency_for_proposal(agency_id):
    agency = Organisation.objects.filter(pk=agency_id, kind=Organisation.Kind.AGENCY).first()
    if agency is None:
        raise Http404
    return agency


# --- the agency ------------------------------------------------------------------------------

def entries_for_agency(agency, at=None):
    """The agency's approved entries (in force and ended), each with its repairs, for its members."""
    at = at or timezone.now()
    return list(public_entries(at).filter(agency=agency).prefetch_related(_repairs()))


def entry_for_member(entry_id, agency, at=None):
    """One of the agency's approved entries, for its members; 404 for any other."""
    at = at or timezone.now()
    entry = (public_entries(at).filter(agency=agency, pk=entry_id).prefetch_related(_repairs()).first())
    if entry is None:
        raise Http404
    return entry


def pending_repair(entry):
    """The entry's repair waiting for a decision (from the prefetched repairs), or None."""
    return next((repair for repair in entry.repairs.all() if repair.status == REPAIR.PENDING), None)


# --- files ----------------------------------------------------------------------------------

def evidence_for_reader(file_id, user):
    """A blacklist evidence file for a regulator on duty, or for the agency's members once the
    entry is public (approved); 404 for anyone else, as for a file that does not exist."""
    row = BlacklistEvidence.objects.select_related("entry").filter(pk=file_id).first()
    if row is None:
        raise Http404
    if is_active_regulator(user):
        return row
    if row.entry.status in rules.PUBLIC_STATUSES and is_member(user, row.entry.agency_id):
        return row
    raise Http404


def repair_evidence_for_reader(file_id, user):
    """A repair proof file for a regulator on duty or the agency's members; 404 otherwise."""
    row = RepairEvidence.objects.select_related("repair__entry").filter(pk=file_id).first()
    if row is None or not (is_active_regulator(user) or is_member(user, row.repair.entry.agency_id)):
        raise Http404
    return row
