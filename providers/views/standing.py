"""Regulator pages for agencies' standing: find an agency by name or USCC, read its standing and
its history, set a new one with a reason and an end date."""
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from core.forms import DateInput, apply_domain_error

from ..models import Organisation, Standing
from ..access import is_active_regulator
from ..services.standing import standing_set
from ..standing import agencies_matching, agencies_not_active, shown_standing, standing_history, standing_rows

SEARCH_LIMIT = 50


class StandingForm(forms.Form):
    standing = forms.ChoiceField(label=_("市场状态"), choices=Standing.choices)
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=DateInput(),
        help_text=_("含当日；不填为长期，直至再次调整。状态为“正常”时不需要填写。"),
    )

    def clean_until(self):
        day = self.cleaned_data.get("until")
        if day is None:
            return None
        # The standing lasts through the whole of the chosen day, local time.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


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
    if request.method == "POST" and form.is_valid():
        try:
            standing_set(actor=request.user, agency=agency, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, gettext_now("市场状态已调整，并已通知该机构。"))
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
