"""The owner's selection page after the close: the judged bids and the method's one action.

GET shows the page; each action POSTs to its own URL, calls one service and comes back.
Every view fetches the job through job_for_owner (PermissionDenied for non-members; the clock's
due moves are applied on access)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import apply_domain_error

from .. import states
from ..forms_selection import DirectForm, LowestForm, ScoresForm
from ..models import Job
from ..selectors import selection as selectors
from ..selectors.beacon import beacon_state, draw_needed
from ..selectors.jobs import job_for_owner
from ..services import closing
from ..services import selection as services

M = Job.Method


def _context(job, forms):
    """Everything the page shows; the preview tables only while the job awaits selection."""
    awaiting = job.status == Job.Status.CLOSED
    valid = list(selectors.valid_bids(job)) if not states.bids_sealed(job) else []
    context = {
        "job": job,
        "sealed": states.bids_sealed(job),
        "close_pending": states.close_due(job, timezone.now()),
        "awaiting": awaiting,
        "bids": list(selectors.closed_bids(job)),
        "valid": valid,
        "enough": len(valid) >= selectors.min_valid_bids(job),
        "needed": selectors.min_valid_bids(job),
        "draws": list(selectors.current_draws(job)),
        "objections": list(selectors.objections_of_job(job)),
        **forms,
    }
    try:
        if awaiting and job.selection_method == M.LOWEST_PRICE and valid:
            context["price_rows"] = selectors.lowest_price_preview(job, valid)
        if job.selection_method == M.SCORING and valid:
            context["score_rows"] = selectors.score_rows(job, valid)
    except DomainError as error:
        context["preview_error"] = str(error)
    # What a draw of this selection waits for (the public beacon value fixed after the close).
    context["beacon"] = beacon_state(job, needed=awaiting and context["enough"] and draw_needed(
        job, price_rows=context.get("price_rows", ()), score_rows=context.get("score_rows", ())))
    return context


def _default_forms(job, valid):
    forms = {}
    if job.status != Job.Status.CLOSED:
        return forms
    if job.selection_method == M.DIRECT:
        forms["direct_form"] = DirectForm(bids=valid)
    elif job.selection_method == M.LOWEST_PRICE:
        try:
            flagged_ids = selectors.abnormally_low_ids(job, valid)
        except DomainError:
            flagged_ids = set()
        forms["lowest_form"] = LowestForm(flagged_bids=[bid for bid in valid if bid.pk in flagged_ids])
    elif job.selection_method == M.SCORING:
        forms["scores_form"] = ScoresForm(bids=valid)
    return forms


def _page(request, job, status=200, **forms):
    valid = list(selectors.valid_bids(job)) if not states.bids_sealed(job) else []
    forms = {**_default_forms(job, valid), **forms}
    return render(request, "bidding/selection/page.html", _context(job, forms), status=status)


def _done(request, job):
    if job.status == Job.Status.FAILED:
        messages.warning(request, _("有效报名不足，项目已流标。可以重新发布。"))
    else:
        messages.success(request, _("已确定中选机构，结果进入公示期。"))
    return redirect("bidding:selection", job.pk)


@login_required
def selection_page(request, job_id):
    return _page(request, job_for_owner(job_id, request.user))


@login_required
@require_POST
def close_now(request, job_id):
    job = job_for_owner(job_id, request.user)
    try:
        closing.job_close_for_owner(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("bidding:selection", job.pk)


@login_required
@require_POST
def select_direct(request, job_id):
    job = job_for_owner(job_id, request.user)
    form = DirectForm(request.POST, bids=list(selectors.valid_bids(job)))
    if form.is_valid():
        try:
            job = services.select_direct(actor=request.user, job=job, bid=form.cleaned_data["bid"],
                                         reason=form.cleaned_data["reason"])
            return _done(request, job)
        except DomainError as error:
            apply_domain_error(form, error)
    return _page(request, job, status=400, direct_form=form)


@login_required
@require_POST
def draw(request, job_id):
    job = job_for_owner(job_id, request.user)
    try:
        job = services.draw_run(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("bidding:selection", job.pk)
    return _done(request, job)


@login_required
@require_POST
def select_lowest(request, job_id):
    job = job_for_owner(job_id, request.user)
    valid = list(selectors.valid_bids(job))
    try:
        flagged = [bid for bid in valid if bid.pk in selectors.abnormally_low_ids(job, valid)]
    except DomainError:
        flagged = []
    form = LowestForm(request.POST, flagged_bids=flagged)
    if form.is_valid():
        try:
            job = services.select_lowest(actor=request.user, job=job, justifications=form.justifications())
            return _done(request, job)
        except DomainError as error:
            apply_domain_error(form, error)
    return _page(request, job, status=400, lowest_form=form)


@login_required
@require_POST
def scores_enter(request, job_id):
    job = job_for_owner(job_id, request.user)
    form = ScoresForm(request.POST, bids=list(selectors.valid_bids(job)))
    if form.is_valid():
        try:
            services.scores_enter(actor=request.user, job=job, plan_scores=form.scores())
            messages.success(request, _("方案得分已保存。"))
            return redirect("bidding:selection", job.pk)
        except DomainError as error:
            apply_domain_error(form, error)
    return _page(request, job, status=400, scores_form=form)


@login_required
@require_POST
def select_scoring(request, job_id):
    job = job_for_owner(job_id, request.user)
    try:
        job = services.select_scoring(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("bidding:selection", job.pk)
    return _done(request, job)
