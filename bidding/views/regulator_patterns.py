"""The integrity patterns in the regulator workspace (/regulator/jobs/patterns/): the table with
a trial box, add, edit, deactivate or activate again, and each pattern's history.

Every view starts with `regulator_for` (or `pattern_for_regulator`): 403 for anyone but an
active regulator. Writes go through bidding.services.integrity_patterns."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import submit
from providers.access import regulator_for

from ..forms.patterns import ClauseTrialForm, PatternActiveForm, PatternFilterForm, PatternForm
from ..selectors import patterns as selectors
from ..services import integrity_patterns as services

PAGE_SIZE = 50


@login_required
def patterns(request):
    regulator = regulator_for(request.user)
    filters = PatternFilterForm(request.GET or None)
    kind, state = "", "active"
    if filters.is_valid():
        kind, state = filters.cleaned_data["kind"], filters.cleaned_data["state"] or "active"
    trial = ClauseTrialForm(request.GET if "clause" in request.GET else None)
    violations = selectors.try_clause(trial.cleaned_data["clause"]) if trial.is_valid() else None
    return render(request, "bidding/regulator/patterns.html", {
        "regulator": regulator,
        "filters": filters,
        "page": Paginator(selectors.patterns(kind=kind, state=state), PAGE_SIZE).get_page(request.GET.get("page")),
        "trial": trial,
        "violations": violations,
        "placeholders": selectors.placeholders(),
        "rules": selectors.rules(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def pattern_create(request):
    regulator_for(request.user)
    form = PatternForm(request.POST or None, creating=True)
    if submit(request, form, lambda data: services.pattern_create(
            actor=request.user, data=data, reason=data.get("reason", ""))):
        messages.success(request, _("规则已新增并立即生效。"))
        return redirect("bidding_regulator:patterns")
    return render(request, "bidding/regulator/pattern_form.html", {
        "form": form, "pattern": None, "placeholders": selectors.placeholders(),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def pattern_edit(request, pattern_id):
    _regulator, pattern = selectors.pattern_for_regulator(pattern_id, request.user)
    initial = {name: getattr(pattern, name) for name in services.FIELDS}
    form = PatternForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.pattern_update(
            actor=request.user, pattern=pattern, data=data, reason=data["reason"])):
        messages.success(request, _("规则已修改并立即生效。"))
        return redirect("bidding_regulator:pattern_history", pattern.pk)
    return render(request, "bidding/regulator/pattern_form.html", {
        "form": form, "pattern": pattern, "placeholders": selectors.placeholders(),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def pattern_active(request, pattern_id):
    """Deactivate an active pattern, or activate an inactive one, with a reason."""
    _regulator, pattern = selectors.pattern_for_regulator(pattern_id, request.user)
    form = PatternActiveForm(request.POST or None)
    activate = not pattern.is_active
    if submit(request, form, lambda data: services.pattern_set_active(
            actor=request.user, pattern=pattern, active=activate, reason=data["reason"])):
        messages.success(request, _("规则已启用。") if activate else _("规则已停用。"))
        return redirect("bidding_regulator:patterns")
    return render(request, "bidding/regulator/pattern_active.html", {
        "form": form, "pattern": pattern, "activate": activate,
    }, status=400 if form.errors else 200)


@login_required
def pattern_history(request, pattern_id):
    _regulator, pattern = selectors.pattern_for_regulator(pattern_id, request.user)
    return render(request, "bidding/regulator/pattern_history.html", {
        "pattern": pattern, "history": selectors.pattern_versions(pattern),
    })
