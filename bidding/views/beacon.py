"""The public beacon value of draws: the owner's request, and the regulators' pages to enter and
confirm it (services/beacon.py holds the rules; selectors/beacon.py the reads).

Regulators: any active regulator (selectors.beacon.job_for_beacon; PermissionDenied otherwise).
The number typed first is not shown to other regulators before it is confirmed, so the second
one reads it from the public source, not from the first entry."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import act, submit

from ..beacon import REGULATORS
from ..forms.beacon import BeaconConfirmForm, BeaconEnterForm
from ..models import DrawBeacon
from ..selectors import beacon as selectors
from ..selectors.jobs import job_for_owner
from ..services import beacon as services


@login_required
@require_POST
def beacon_request(request, job_id):
    job = job_for_owner(job_id, request.user)
    act(request, lambda: services.beacon_request(actor=request.user, job=job),
        done=_("已通知监管人员录入公共随机数。确定后您会收到通知，届时即可抽取。"))
    return redirect("bidding:selection", job.pk)


@login_required
def beacons(request):
    regulator, waiting, recent = selectors.beacons_for_regulator(request.user)
    return render(request, "bidding/regulator/beacons.html", {
        "regulator": regulator, "waiting": waiting, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def beacon_detail(request, job_id, stage=DrawBeacon.Stage.CLOSE):
    """`stage` INVITATION (its own URL): the value of a quote comparison's invitation draw."""
    _regulator, job, beacon = selectors.job_for_beacon(job_id, request.user, stage)
    here = services.regulator_link(job, stage)
    action = request.POST.get("action") if request.method == "POST" else None
    enter_form = BeaconEnterForm(request.POST if action == "enter" else None)
    confirm_form = BeaconConfirmForm(request.POST if action == "confirm" else None)
    form = {"enter": enter_form, "confirm": confirm_form}.get(action)
    if action == "enter" and submit(request, form, lambda data: services.beacon_enter(
            actor=request.user, job=job, value=data["value"], reference=data["reference"], stage=stage)):
        messages.success(request, _("已录入，等待另一名监管人员复核。"))
        return redirect(here)
    if action == "confirm" and submit(request, form, lambda data: services.beacon_confirm(
            actor=request.user, job=job, value=data["value"], stage=stage)):
        messages.success(request, _("复核一致，公共随机数已确定，已通知项目业主。"))
        return redirect(here)
    if form is not None and form.non_field_errors():
        # Not about what was typed (already fixed, no longer awaiting a draw…): the page says so
        # above whatever it still offers.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(here)
    state = selectors.regulator_view(job, beacon, request.user, stage)
    return render(request, "bidding/regulator/beacon_detail.html", {
        "job": job, "beacon": beacon, "state": state, "here": here,
        "invitation": stage == DrawBeacon.Stage.INVITATION,
        "after": selectors.beacon_after(job, beacon, stage) if beacon or stage == DrawBeacon.Stage.CLOSE else None,
        # A beacon read automatically (drand) needs nobody to enter it.
        "read_automatically": state.source != REGULATORS and not (beacon and beacon.fixed_at),
        "enter_form": enter_form if state.can_enter else None,
        "confirm_form": confirm_form if state.can_confirm else None,
    }, status=400 if form is not None and form.errors else 200)
