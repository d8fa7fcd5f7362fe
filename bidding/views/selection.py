"""The owner's selection page after the close: the judged bids and the method's one action.

GET shows the page; each action POSTs to its own URL, calls one service and comes back (a form
refused by its service is shown again on the page with the input kept). Every view fetches the
job through job_for_owner (404 for anyone but the owner's members)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import act, submit

from .. import states
from ..forms.selection import DirectForm, LowestForm, ScoresForm
from ..models import Job
from ..selectors import selection as selectors
from ..selectors.beacon import beacon_state, draw_needed
from ..selectors.jobs import job_for_owner
from ..services import closing
from ..services import selection as services
from . import auction, best_price, credit_draw, quote

M = Job.Method
# The methods added after the first four: each module adds its own part of the page.
METHOD_PAGES = {M.BEST_PRICE: best_price, M.CREDIT_DRAW: credit_draw, M.AUCTION: auction, M.QUOTE: quote}


def _valid(job):
    """The valid bids, once the close has opened them (none while they are sealed)."""
    return [] if states.bids_sealed(job) else list(selectors.valid_bids(job))


def _default_forms(job, valid, preview):
    """The form of the job's method, while the job awaits selection."""
    if job.status != Job.Status.CLOSED:
        return {}
    if job.selection_method == M.DIRECT:
        return {"direct_form": DirectForm(bids=valid)}
    if job.selection_method == M.LOWEST_PRICE:
        return {"lowest_form": LowestForm(flagged_bids=[bid for bid in valid if bid.pk in preview.flagged_ids])}
    if job.selection_method == M.SCORING:
        return {"scores_form": ScoresForm(bids=valid)}
    return {}


def _method_context(request, job, awaiting, valid):
    part = METHOD_PAGES.get(job.selection_method)
    return part.selection_context(request, job, awaiting=awaiting, valid=valid) if part else {}


def _page(request, job, status=200, **forms):
    """Everything the page shows; the previews and the method's action only while the job awaits
    selection. `forms` are the posted forms a refusal brings back."""
    awaiting = job.status == Job.Status.CLOSED
    valid = _valid(job)
    preview = selectors.selection_preview(job, valid)
    price_rows = preview.price_rows if awaiting else []
    enough = len(valid) >= selectors.min_valid_bids(job)
    context = {
        "job": job,
        "sealed": states.bids_sealed(job),
        "close_pending": states.close_due(job, timezone.now()),
        "awaiting": awaiting,
        "failed": job.status == Job.Status.FAILED,
        "can_reannounce": states.may_reannounce(job),
        "can_draw": awaiting and job.selection_method == M.RANDOM,
        "scoring": job.selection_method == M.SCORING,
        "bids": list(selectors.closed_bids(job)),
        "valid": valid,
        "enough": enough,
        "needed": selectors.min_valid_bids(job),
        "draws": list(selectors.current_draws(job)),
        "objections": list(selectors.objections_of_job(job)),
        "price_rows": price_rows,
        "score_rows": preview.score_rows,
        "preview_error": preview.problem,
        # What a draw of this selection waits for (the public beacon value fixed after the close).
        "beacon": beacon_state(job, needed=awaiting and enough and draw_needed(
            job, price_rows=price_rows, score_rows=preview.score_rows)),
        **_default_forms(job, valid, preview),
        **_method_context(request, job, awaiting, valid),
        **forms,
    }
    return render(request, "bidding/selection/page.html", context, status=status)


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
    act(request, lambda: closing.job_close_for_owner(actor=request.user, job=job))
    return redirect("bidding:selection", job.pk)


@login_required
@require_POST
def select_direct(request, job_id):
    job = job_for_owner(job_id, request.user)
    form = DirectForm(request.POST, bids=list(selectors.valid_bids(job)))
    selected = submit(request, form, lambda data: services.select_direct(
        actor=request.user, job=job, bid=data["bid"], reason=data["reason"]))
    if selected:
        return _done(request, selected.value)
    return _page(request, job, status=400, direct_form=form)


@login_required
@require_POST
def draw(request, job_id):
    job = job_for_owner(job_id, request.user)
    drawn = act(request, lambda: services.draw_run(actor=request.user, job=job))
    return _done(request, drawn.value) if drawn else redirect("bidding:selection", job.pk)


@login_required
@require_POST
def select_lowest(request, job_id):
    job = job_for_owner(job_id, request.user)
    valid = list(selectors.valid_bids(job))
    flagged = selectors.selection_preview(job, valid).flagged_ids
    form = LowestForm(request.POST, flagged_bids=[bid for bid in valid if bid.pk in flagged])
    selected = submit(request, form, lambda _data: services.select_lowest(
        actor=request.user, job=job, justifications=form.justifications()))
    if selected:
        return _done(request, selected.value)
    return _page(request, job, status=400, lowest_form=form)


@login_required
@require_POST
def scores_enter(request, job_id):
    job = job_for_owner(job_id, request.user)
    form = ScoresForm(request.POST, bids=list(selectors.valid_bids(job)))
    if submit(request, form, lambda _data: services.scores_enter(
            actor=request.user, job=job, plan_scores=form.scores())):
        messages.success(request, _("方案得分已保存。"))
        return redirect("bidding:selection", job.pk)
    return _page(request, job, status=400, scores_form=form)


@login_required
@require_POST
def select_scoring(request, job_id):
    job = job_for_owner(job_id, request.user)
    selected = act(request, lambda: services.select_scoring(actor=request.user, job=job))
    return _done(request, selected.value) if selected else redirect("bidding:selection", job.pk)
