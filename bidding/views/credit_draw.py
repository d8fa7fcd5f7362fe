"""The owner's part of the selection page for 信用择优抽取 (credit-merit draw): the ranking by
credit and the cut before the draw, the short-list draw, then the pick from the short list with
a reason (services/credit_draw.py). Every view fetches the job through job_for_owner (404 for
anyone but the owner's members)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import act, submit

from ..forms.methods import ShortlistSelectForm
from ..method_params import params_of
from ..models import Job
from ..selectors import credit_draw as selectors
from ..selectors.jobs import job_for_owner
from ..selectors.selection import valid_bids
from ..services import credit_draw as services

TEMPLATE = "bidding/selection/_credit_draw.html"


def _shortlist(job, valid):
    """The computation as it stands and the short list (empty before the draw, or for a job of
    another method: the services refuse those)."""
    if job.selection_method != Job.Method.CREDIT_DRAW:
        return None, []
    computation = selectors.preview(job, valid)
    return computation, [row.bid for row in computation.shortlist] if computation else []


def selection_context(request, job, *, awaiting, valid):
    """What the owner's selection page (views/selection.py) adds while the job awaits selection:
    the computation as it stands (`credit`) and, once the short list is drawn, the form to pick."""
    if not awaiting:
        return {}
    computation, shortlist = _shortlist(job, valid)
    context = {"method_template": TEMPLATE, "credit": computation, "credit_params": params_of(job)}
    if shortlist:
        context["shortlist_form"] = ShortlistSelectForm(shortlist=shortlist)
    return context


@login_required
@require_POST
def draw(request, job_id):
    from .selection import _done  # the selection page imports this module

    job = job_for_owner(job_id, request.user)
    drawn = act(request, lambda: services.shortlist_draw(actor=request.user, job=job))
    if drawn and drawn.value.status == Job.Status.FAILED:
        return _done(request, drawn.value)
    if drawn:
        messages.success(request, _("入围机构已抽取，请从入围机构中选定中选机构并写明理由。"))
    return redirect("bidding:selection", job.pk)


@login_required
@require_POST
def select(request, job_id):
    from .selection import _done, _page  # the selection page imports this module

    job = job_for_owner(job_id, request.user)
    _computation, shortlist = _shortlist(job, list(valid_bids(job)))
    if not shortlist:  # nothing to pick from yet: the service says why
        act(request, lambda: services.select_shortlisted(
            actor=request.user, job=job, bid=None, reason=request.POST.get("reason", "")))
        return redirect("bidding:selection", job.pk)
    form = ShortlistSelectForm(request.POST, shortlist=shortlist)
    selected = submit(request, form, lambda data: services.select_shortlisted(
        actor=request.user, job=job, bid=data["bid"], reason=data["reason"]))
    if selected:
        return _done(request, selected.value)
    return _page(request, job, status=400, shortlist_form=form)


# Pages under /workspace/ (namespace "bidding"): bidding/urls.py adds them to its workspace list.
workspace_urls = [
    path("jobs/<id:job_id>/selection/shortlist/draw/", draw, name="selection_shortlist_draw"),
    path("jobs/<id:job_id>/selection/shortlist/select/", select, name="selection_shortlist_select"),
]
