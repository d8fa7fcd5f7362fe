"""Pages of the blacklist part. Its URLs are the lists at the end of this module (reviews/urls.py
mounts them).

- Regulators (/regulator/credit/…): the blacklist (proposals waiting for them, their own waiting
  for someone else, entries in force and ended), proposing one for an agency, an entry with its
  evidence (approve or reject it, for a regulator other than the proposer), credit repair
  applications and their decision.
- The agency (/workspace/credit/blacklist/?org=<id>): its entries and its repair applications.
- Files (/files/credit/…): evidence and repair proof, as downloads, to regulators on duty and the
  agency's members only.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.converters import parse_id
from core.forms import submit
from core.uploads import private_file_response
from providers.access import is_active_regulator, is_member, regulator_scope
from providers.models import Organisation
from providers.selectors import memberships_of, organisation_for_member

from .. import blacklist_rules as rules
from ..blacklist_forms import DecisionForm, ProposalForm, RepairDecisionForm, RepairForm
from ..selectors import blacklist as selectors
from ..services.blacklist import blacklist_approve, blacklist_propose, blacklist_reject
from ..services.repair import repair_apply, repair_decide


def _require_regulator(user):
    if not is_active_regulator(user):
        raise PermissionDenied


# --- regulators: the blacklist --------------------------------------------------------------

@login_required
@require_safe
def blacklist_list(request):
    _require_regulator(request.user)
    now = timezone.now()
    query = request.GET.get("q", "").strip()
    return render(request, "reviews/blacklist_list.html", {
        "waiting": selectors.waiting_for(request.user, now, scope=regulator_scope(request.user)),
        "mine": selectors.proposed_by(request.user, now),
        "in_force": selectors.entries_in_force(now),
        "ended": selectors.entries_ended(now),
        "query": query,
        "found": selectors.agencies_to_propose(query) if query else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def blacklist_new(request):
    _require_regulator(request.user)
    agency_id = parse_id(request.GET.get("agency", ""))
    if agency_id is None:
        return redirect("reviews_regulator:blacklist")
    agency = selectors.agency_for_proposal(agency_id)
    form = ProposalForm(request.POST or None, request.FILES or None)
    proposed = submit(request, form, lambda data: blacklist_propose(
        actor=request.user, agency=agency, facts=data["facts"], legal_basis=data["legal_basis"],
        years=data["years"], managers=data["managers"], files=data["files"]))
    if proposed:
        messages.success(request, _("已提出，等待另一名监管人员复核；复核同意后生效并公开。"))
        return redirect("reviews_regulator:blacklist_entry", entry_id=proposed.value.pk)
    return render(request, "reviews/blacklist_new.html", {
        "agency": agency,
        "form": form,
        "in_force": selectors.in_force_entry(agency),
    }, status=400 if form.errors else 200)


def _entry_page(request, entry_id, *, form=None, status=200):
    now = timezone.now()
    entry = selectors.entry_for_regulator(entry_id, request.user, now)
    return render(request, "reviews/blacklist_entry.html", {
        "entry": entry,
        "evidence": list(entry.evidence.all()),
        "repairs": list(entry.repairs.all()),
        "is_proposer": rules.is_proposer(request.user, entry),
        "can_decide": rules.may_decide(request.user, entry),
        "form": form or DecisionForm(),
        "ended_on": rules.ended_at(entry, now),
    }, status=status)


@login_required
@require_safe
def blacklist_entry(request, entry_id):
    return _entry_page(request, entry_id)


@login_required
@require_POST
def blacklist_decide(request, entry_id):
    entry = selectors.entry_for_regulator(entry_id, request.user)
    approve = request.POST.get("decision") == "approve"
    form = DecisionForm(request.POST)
    service = blacklist_approve if approve else blacklist_reject
    if submit(request, form, lambda data: service(actor=request.user, entry=entry, note=data["note"])):
        messages.success(request, _("已复核同意，该机构已列入黑名单并公开。") if approve
                         else _("已复核不同意，提出人将收到通知。"))
        return redirect("reviews_regulator:blacklist_entry", entry_id=entry.pk)
    return _entry_page(request, entry_id, form=form, status=400)


# --- regulators: credit repair --------------------------------------------------------------

@login_required
@require_safe
def repair_list(request):
    _require_regulator(request.user)
    scope = regulator_scope(request.user)
    return render(request, "reviews/repair_list.html", {
        "pending": selectors.pending_repairs(scope=scope),
        "decided": selectors.decided_repairs(scope=scope),
    })


@login_required
@require_http_methods(["GET", "POST"])
def repair_detail(request, repair_id):
    repair = selectors.repair_for_regulator(repair_id, request.user)
    form = RepairDecisionForm(request.POST or None)
    approve = request.POST.get("decision") == "approve"
    if submit(request, form, lambda data: repair_decide(actor=request.user, repair=repair, approve=approve,
                                                        reason=data["reason"])):
        messages.success(request, _("已同意信用修复，该记录已移出黑名单。") if approve
                         else _("已作不予修复处理，该机构将收到通知。"))
        return redirect("reviews_regulator:repair_detail", repair_id=repair.pk)
    now = timezone.now()
    return render(request, "reviews/repair_detail.html", {
        "repair": repair,
        "entry": repair.entry,
        "form": form,
        "can_decide": repair.status == repair.Status.PENDING,
        "entry_in_force": rules.in_force(repair.entry, now),
    }, status=400 if form.errors else 200)


# --- the agency -----------------------------------------------------------------------------

def _agency(request, *, admin=False):
    """The agency the page is for: ?org=<id>, or the user's only agency (403 otherwise)."""
    org_id = parse_id(request.GET.get("org") or request.POST.get("org"))
    if org_id is None:
        agencies = [m.organisation for m in memberships_of(request.user) if m.organisation.is_agency]
        if len(agencies) != 1:
            raise PermissionDenied
        org_id = agencies[0].pk
    agency = organisation_for_member(org_id, request.user, admin=admin)
    if agency.kind != Organisation.Kind.AGENCY:
        raise Http404
    return agency


@login_required
@require_safe
def agency_blacklist(request):
    agency = _agency(request)
    now = timezone.now()
    entries = selectors.entries_for_agency(agency, now)
    for entry in entries:
        entry.pending_repair = selectors.pending_repair(entry)
        entry.can_apply = (rules.may_apply_for_repair(entry, now) and entry.pending_repair is None)
    return render(request, "reviews/blacklist_agency.html", {
        "agency": agency,
        "entries": entries,
        "is_admin": is_member(request.user, agency.pk, admin=True),
    })


@login_required
@require_http_methods(["GET", "POST"])
def agency_repair_apply(request, entry_id):
    agency = _agency(request)
    now = timezone.now()
    entry = selectors.entry_for_member(entry_id, agency, now)
    form = RepairForm(request.POST or None, request.FILES or None)
    if submit(request, form, lambda data: repair_apply(actor=request.user, entry=entry,
                                                       rectification=data["rectification"], files=data["files"])):
        messages.success(request, _("信用修复申请已提交，监管部门审核后会通知您。"))
        return redirect(reverse("reviews:agency_blacklist") + f"?org={agency.pk}")
    return render(request, "reviews/repair_apply.html", {
        "agency": agency,
        "entry": entry,
        "form": form,
        "pending": selectors.pending_repair(entry),
        "may_apply": rules.may_apply_for_repair(entry, now),
        "is_admin": is_member(request.user, agency.pk, admin=True),
    }, status=400 if form.errors else 200)


# --- files ----------------------------------------------------------------------------------

@login_required
@require_safe
def evidence_file(request, file_id):
    row = selectors.evidence_for_reader(file_id, request.user)
    return private_file_response(row.file, f"blacklist-{row.entry_id}-{row.pk}")


@login_required
@require_safe
def repair_file(request, file_id):
    row = selectors.repair_evidence_for_reader(file_id, request.user)
    return private_file_response(row.file, f"credit-repair-{row.repair_id}-{row.pk}")


workspace_urls = [
    path("credit/blacklist/", agency_blacklist, name="agency_blacklist"),
    path("credit/blacklist/<id:entry_id>/repair/", agency_repair_apply, name="repair_apply"),
]
regulator_urls = [
    path("blacklist/", blacklist_list, name="blacklist"),
    path("blacklist/new/", blacklist_new, name="blacklist_new"),
    path("blacklist/<id:entry_id>/", blacklist_entry, name="blacklist_entry"),
    path("blacklist/<id:entry_id>/decide/", blacklist_decide, name="blacklist_decide"),
    path("repairs/", repair_list, name="repair_list"),
    path("repairs/<id:repair_id>/", repair_detail, name="repair_detail"),
]
files_urls = [
    path("blacklist/<id:file_id>/", evidence_file, name="blacklist_evidence"),
    path("repairs/<id:file_id>/", repair_file, name="repair_evidence"),
]
