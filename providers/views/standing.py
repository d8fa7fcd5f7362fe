"""Regulator pages for agencies' standing: find an agency by name or USCC, read its standing and
its history, set a new one with a reason and an end date."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import submit

from ..access import is_active_regulator
from ..forms import StandingForm
from ..models import Organisation, Standing
from ..selectors import agencies_matching, agencies_not_active, standing_history, standing_rows
from ..services.standing import standing_set
from ..standing_rules import shown_standing

SEARCH_LIMIT = 50


def _require_regulator(user):
    if not is_active_regulator(user):
        raise PermissionDenied


@login_required
def standing_search(request):
    _require_regulator(request.user)
    query = request.GET.get("q", "").strip()
    now = timezone.now()
    return render(request, "providers/standing.html", {
        "query": query,
        "results": standing_rows(agencies_matching(query)[:SEARCH_LIMIT], now) if query else None,
        "not_active": standing_rows(agencies_not_active(now)[:SEARCH_LIMIT], now),
    })


@login_required
@require_http_methods(["GET", "POST"])
def standing_agency(request, agency_id):
    _require_regulator(request.user)
    agency = get_object_or_404(
        Organisation.objects.select_related("region"), pk=agency_id, kind=Organisation.Kind.AGENCY
    )
    form = StandingForm(request.POST or None, initial={"standing": agency.standing})
    if submit(request, form, lambda data: standing_set(actor=request.user, agency=agency, **data)):
        messages.success(request, _("市场状态已调整，并已通知该机构。"))
        return redirect("providers_regulator:standing_agency", agency_id=agency.pk)
    return render(request, "providers/standing_agency.html", {
        "agency": agency,
        "form": form,
        "current": shown_standing(agency, timezone.now()),
        "history": _history_rows(agency),
    })


def _history_rows(agency):
    labels = dict(Standing.choices)
    rows = []
    for entry in standing_history(agency):
        before, after = entry.before or {}, entry.after or {}
        rows.append({
            "at": entry.created_at,
            "actor": entry.actor_label,
            "before": labels.get(before.get("standing"), ""),
            "after": labels.get(after.get("standing"), ""),
            "reason": after.get("standing_reason", ""),
            "until": parse_datetime(after["standing_until"]) if after.get("standing_until") else None,
        })
    return rows
