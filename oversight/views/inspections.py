"""Random-inspection pages (双随机、一公开). Paths are listed at the bottom, joined in oversight/urls.py.

Public, no login (served from the page cache to anonymous visitors, topic "inspections"):
/inspections/ lists the announced, drawn and published campaigns; /inspections/<id>/ says what is
checked, which agencies were drawn, who inspects each (and who stood in for an inspector who
declared a conflict — never the reason), and the results once published; /inspections/<id>/draw/
is the proof anyone recomputes the draw from (the same parts as a job's draw page:
bidding/templates/bidding/includes/draw_*.html). Drafts are 404. The public pages read only
selectors.inspections' public reads.

Regulators (/regulator/oversight/inspections/…): every view starts with a selector that calls
`regulator_for` (403 for anyone else). The campaign's department (selectors.is_department_regulator)
creates, edits, announces, draws, records findings and publishes; any active regulator may enter
or confirm the public beacon value (two different ones, as for a job); an inspector of the pool
declares a conflict with an agency of it; each regulator keeps their standing conflicts (former
employer…) at /regulator/oversight/inspections/conflicts/. A refused form is shown again with
its errors and a 400, nothing written.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bidding import beacon as beacon_sources
from bidding import draw as draw_algorithm
from core.forms import act, submit
from core.pagecache import depends_on

from .. import inspection_rules
from ..forms.inspections import (
    AnnounceForm,
    BeaconConfirmForm,
    BeaconEnterForm,
    CampaignForm,
    ConflictForm,
    FindingForm,
    PublishForm,
    StandingConflictForm,
)
from ..models import CampaignEntry, InspectionCampaign, InspectionFinding
from ..selectors import inspections as selectors
from ..services import inspections as services

TOPIC = "inspections"
PAGE_SIZE = 25
S = InspectionCampaign.Status


# --- public ----------------------------------------------------------------------------------

@require_safe
def campaign_list(request):
    depends_on(request, TOPIC)
    page = Paginator(selectors.public_campaigns(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oversight/inspections/public_list.html", {
        "campaigns": page.object_list, "page": page,
    })


@require_safe
def campaign_page(request, campaign_id):
    detail = selectors.campaign_public(campaign_id)
    depends_on(request, TOPIC)
    return render(request, "oversight/inspections/public_detail.html", {
        "detail": detail, "campaign": detail.campaign, "result_counts": _result_counts(detail),
    })


def _result_counts(detail):
    return [(label, detail.counts.get(value, 0)) for value, label in InspectionFinding.Result.choices]


@require_safe
def campaign_draw_proof(request, campaign_id):
    proof = selectors.public_campaign_proof(campaign_id)
    depends_on(request, TOPIC)
    return render(request, "oversight/inspections/public_draw.html", {
        "proof": proof, "campaign": proof.campaign,
        "agency_proof": proof.pools[0] if proof.pools else None,
        "inspector_proof": proof.pools[1] if len(proof.pools) > 1 else None,
        "algorithm_prefix": draw_algorithm.PREFIXES[draw_algorithm.VERSION],
    })


# --- regulators: campaigns -------------------------------------------------------------------

def _here(campaign):
    return reverse("oversight_regulator:inspection", args=[campaign.pk])


@login_required
@require_safe
def regulator_list(request):
    status = request.GET.get("status", "")
    if status not in S.values:
        status = ""
    regulator, campaigns = selectors.campaigns_for_regulator(request.user, status or None)
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oversight/inspections/regulator_list.html", {
        "regulator": regulator,
        "campaigns": page.object_list,
        "page": page,
        "assignments": selectors.my_assignments(request.user),
        "status": status,
        "statuses": S.choices,
    })


def _campaign_form_page(request, form, campaign=None):
    return render(request, "oversight/inspections/regulator_form.html", {
        "form": form, "campaign": campaign,
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    scope = selectors.regulator_scope(request.user)
    form = CampaignForm(request.POST or None, scope=scope)
    created = submit(request, form, lambda data: services.campaign_create(actor=request.user, **data))
    if created:
        messages.success(request, _("抽查任务草稿已保存。核对符合条件的机构和检查人员数后即可公告。"))
        return redirect(_here(created.value))
    return _campaign_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, campaign_id):
    _regulator, campaign = selectors.campaign_for_department(campaign_id, request.user)
    if campaign.status != S.DRAFT:
        messages.error(request, _("抽查任务已公告，抽取范围和人数不能再修改。"))
        return redirect(_here(campaign))
    scope = selectors.regulator_scope(request.user)
    form = CampaignForm(request.POST or None, scope=scope,
                        initial=None if request.method == "POST" else CampaignForm.initial_of(campaign))
    updated = submit(request, form, lambda data: services.campaign_update(
        actor=request.user, campaign=campaign, **data))
    if updated:
        messages.success(request, _("抽查任务草稿已修改。"))
        return redirect(_here(campaign))
    return _campaign_form_page(request, form, campaign)


def _detail_page(request, campaign, *, announce_form=None, enter_form=None, confirm_form=None,
                 conflict_form=None, publish_form=None):
    """The regulators' page of a campaign; a refused form comes back bound, with a 400."""
    view = selectors.regulator_view(campaign, request.user)
    detail = selectors.campaign_regulator_detail(campaign)
    drawn_agencies = [row.agency for row in detail.drawn]
    pool_agencies = [entry.agency for entry in detail.agency_entries]
    if view.can_declare_conflict and conflict_form is None:
        conflict_form = ConflictForm(agencies=_agency_queryset(campaign))
    refused = any(form is not None and form.is_bound and form.errors
                  for form in (announce_form, enter_form, confirm_form, conflict_form, publish_form))
    my_teams = set()
    if view.in_inspector_pool:
        for row in detail.drawn:
            if any(member.assignment.inspector.user_id == request.user.pk for member in row.team):
                my_teams.add(row.agency.pk)
    return render(request, "oversight/inspections/regulator_detail.html", {
        "campaign": campaign,
        "detail": detail,
        "view": view,
        "preview": selectors.pool_preview(campaign) if campaign.status == S.DRAFT and view.is_department else None,
        "announce_form": (announce_form or AnnounceForm()) if view.can_announce else None,
        "enter_form": (enter_form or BeaconEnterForm()) if view.can_enter_beacon else None,
        "confirm_form": (confirm_form or BeaconConfirmForm()) if view.can_confirm_beacon else None,
        "conflict_form": conflict_form if view.can_declare_conflict else None,
        "publish_form": (publish_form or PublishForm()) if view.can_publish else None,
        "drand": view.beacon_source == beacon_sources.DRAND,
        "drawn_agencies": drawn_agencies,
        "pool_agencies": pool_agencies,
        "my_teams": my_teams,
        "now": timezone.now(),
    }, status=400 if refused else 200)


def _agency_queryset(campaign):
    """The agencies of the campaign's pool (an inspector may stand aside from any of them)."""
    from providers.models import Organisation

    return Organisation.objects.filter(
        pk__in=CampaignEntry.objects.filter(campaign=campaign, pool=CampaignEntry.Pool.AGENCY)
        .values("agency_id")).order_by("name")


@login_required
@require_safe
def campaign_detail(request, campaign_id):
    _regulator, campaign = selectors.campaign_for_regulator(campaign_id, request.user)
    return _detail_page(request, campaign)


@login_required
@require_POST
def campaign_announce(request, campaign_id):
    _regulator, campaign = selectors.campaign_for_department(campaign_id, request.user)
    form = AnnounceForm(request.POST)
    if submit(request, form, lambda data: services.campaign_announce(
            actor=request.user, campaign=campaign, draw_after=data["draw_after"])):
        messages.success(request, _("抽查任务已公告：检查对象和检查人员名录及种子承诺值已公开，名录不能再更改。"))
        return redirect(_here(campaign))
    campaign.refresh_from_db()
    return _detail_page(request, campaign, announce_form=form)


@login_required
@require_POST
def campaign_beacon(request, campaign_id):
    """Enter (one regulator) or confirm (another one) the public number drawn after draw_after."""
    _regulator, campaign = selectors.campaign_for_regulator(campaign_id, request.user)
    action = request.POST.get("action")
    if action == "confirm":
        form = BeaconConfirmForm(request.POST)
        done = submit(request, form, lambda data: services.campaign_beacon_confirm(
            actor=request.user, campaign=campaign, value=data["value"]))
        success = _("复核一致，公共随机数已确定，可以抽取。")
    elif action == "enter":
        form = BeaconEnterForm(request.POST)
        done = submit(request, form, lambda data: services.campaign_beacon_enter(
            actor=request.user, campaign=campaign, value=data["value"], reference=data["reference"]))
        success = _("已录入，等待另一名监管人员复核。")
    else:
        messages.error(request, _("请使用页面上的录入或复核表单。"))
        return redirect(_here(campaign))
    if done:
        messages.success(request, success)
        return redirect(_here(campaign))
    if form.non_field_errors() and not any(form.errors.get(name) for name in form.fields):
        # Not about what was typed (already fixed, too early, the same regulator…): say so above
        # whatever the page still offers.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(_here(campaign))
    campaign.refresh_from_db()
    key = "confirm_form" if action == "confirm" else "enter_form"
    return _detail_page(request, campaign, **{key: form})


@login_required
@require_POST
def campaign_run_draw(request, campaign_id):
    _regulator, campaign = selectors.campaign_for_department(campaign_id, request.user)
    drawn = act(request, lambda: services.campaign_draw(actor=request.user, campaign=campaign),
                done=_("已抽取：抽中的机构和检查组已公开，抽取验证页公开了种子和公共随机数。"))
    return redirect(_here(drawn.value) if drawn else _here(campaign))


@login_required
@require_POST
def campaign_conflict(request, campaign_id):
    _regulator, campaign = selectors.campaign_for_regulator(campaign_id, request.user)
    form = ConflictForm(request.POST, agencies=_agency_queryset(campaign))
    if submit(request, form, lambda data: services.conflict_declare(
            actor=request.user, campaign=campaign, agency=data["agency"], reason=data["reason"])):
        messages.success(request, _("已申报回避。抽取后由排名中的下一名检查人员替补，替补情况公开（回避事由不公开）。"))
        return redirect(_here(campaign))
    if form.non_field_errors() and not any(form.errors.get(name) for name in form.fields):
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(_here(campaign))
    campaign.refresh_from_db()
    return _detail_page(request, campaign, conflict_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_finding(request, campaign_id, agency_id):
    _regulator, campaign = selectors.campaign_for_department(campaign_id, request.user)
    detail = selectors.campaign_regulator_detail(campaign)
    row = next((item for item in detail.drawn if item.agency.pk == agency_id), None)
    if row is None:
        raise Http404
    existing = row.finding
    initial = None
    if existing is not None and request.method != "POST":
        initial = {"result": existing.result, "details": existing.details, "remedy": existing.remedy,
                   "inspected_on": existing.inspected_on}
    form = FindingForm(request.POST or None, initial=initial)
    findings_open = campaign.status in inspection_rules.FINDINGS_OPEN  # the rule the service applies
    if not findings_open and request.method == "POST":
        messages.error(request, _("抽查任务当前的状态不允许这一操作，请刷新页面查看最新状态。"))
        return redirect(_here(campaign))
    recorded = submit(request, form, lambda data: services.finding_record(
        actor=request.user, campaign=campaign, agency=row.agency, result=data["result"],
        details=data["details"], remedy=data["remedy"], inspected_on=data["inspected_on"]))
    if recorded:
        messages.success(request, _("已登记“%(agency)s”的检查结果。") % {"agency": row.agency.name})
        return redirect(_here(campaign))
    return render(request, "oversight/inspections/regulator_finding.html", {
        "campaign": campaign, "row": row, "form": form, "existing": existing,
        "can_record": findings_open,
        "results": InspectionFinding.Result,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def campaign_publish(request, campaign_id):
    _regulator, campaign = selectors.campaign_for_department(campaign_id, request.user)
    form = PublishForm(request.POST)
    if submit(request, form, lambda data: services.campaign_publish(
            actor=request.user, campaign=campaign, summary=data["summary"])):
        messages.success(request, _("抽查结果已公布。"))
        return redirect(_here(campaign))
    if form.non_field_errors() and not any(form.errors.get(name) for name in form.fields):
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(_here(campaign))
    campaign.refresh_from_db()
    return _detail_page(request, campaign, publish_form=form)


# --- regulators: standing conflicts ----------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def standing_conflicts(request):
    regulator, conflicts = selectors.standing_conflicts_for(request.user)
    form = StandingConflictForm(request.POST or None)
    form.error_fields = {"agency": "uscc"}
    declared = submit(request, form, lambda data: services.standing_conflict_declare(
        actor=request.user, agency=data["agency"], reason=data["reason"]))
    if declared:
        messages.success(request, _("已登记。今后的抽取不会安排您检查“%(agency)s”；"
                                    "已抽取尚未检查的，由排名中的下一名检查人员替补。")
                         % {"agency": declared.value.agency.name})
        return redirect("oversight_regulator:inspection_conflicts")
    return render(request, "oversight/inspections/regulator_conflicts.html", {
        "regulator": regulator, "conflicts": conflicts, "form": form,
    }, status=400 if form.errors else 200)


public_urls = [
    path("inspections/", campaign_list, name="inspections"),
    path("inspections/<id:campaign_id>/", campaign_page, name="inspection"),
    path("inspections/<id:campaign_id>/draw/", campaign_draw_proof, name="inspection_draw"),
]
regulator_urls = [
    path("inspections/", regulator_list, name="inspections"),
    path("inspections/new/", campaign_new, name="inspection_new"),
    path("inspections/conflicts/", standing_conflicts, name="inspection_conflicts"),
    path("inspections/<id:campaign_id>/", campaign_detail, name="inspection"),
    path("inspections/<id:campaign_id>/edit/", campaign_edit, name="inspection_edit"),
    path("inspections/<id:campaign_id>/announce/", campaign_announce, name="inspection_announce"),
    path("inspections/<id:campaign_id>/beacon/", campaign_beacon, name="inspection_beacon"),
    path("inspections/<id:campaign_id>/draw/", campaign_run_draw, name="inspection_run_draw"),
    path("inspections/<id:campaign_id>/conflict/", campaign_conflict, name="inspection_conflict"),
    path("inspections/<id:campaign_id>/findings/<id:agency_id>/", campaign_finding, name="inspection_finding"),
    path("inspections/<id:campaign_id>/publish/", campaign_publish, name="inspection_publish"),
]
files_urls = []
