"""The owner's pages of quote comparison (询比, bidding/method_params.py `quote`).

- the invitation page (`quote_invitations`, GET) while the job takes bids and after: the rule of
  this job's invitations, the invited agencies and, by the funds, either the two steps of the
  invitation draw (fix the candidates' list, then draw once the public beacon value is fixed)
  or the owner's choice of agencies offering the item;
- `quote_pool_fix`, `quote_invitation_draw`, `quote_invite` (POST): one service each;
- the owner's part of the selection page (`selection_context`): the published criteria, the
  scores form and the ranking preview; `quote_scores` and `selection_quote` (POST).
Every view fetches the job through job_for_owner (404 for anyone but the owner's members)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import act, submit

from ..forms.quote import InviteForm, QuoteScoresForm
from ..models import Job
from ..selectors import quote as selectors
from ..selectors.beacon import beacon_state, draw_needed
from ..selectors.jobs import job_for_owner
from ..selectors.selection import valid_bids
from ..services import quote as services


def _invite_form(job, data=None):
    invited = [invitation.agency_id for invitation in selectors.invitations_of(job)]
    return InviteForm(data, agencies=selectors.offering_agencies(job).exclude(pk__in=invited))


def _invitation_page(request, job, *, status=200, invite_form=None):
    state = selectors.invitation_state(job, now=timezone.now())
    return render(request, "bidding/quote/invitations.html", {
        "job": job, "state": state, "rule": selectors.invitation_rule_text(job),
        "invite_form": (invite_form or _invite_form(job)) if state.can_choose else None,
    }, status=status)


@login_required
def quote_invitations(request, job_id):
    job = job_for_owner(job_id, request.user)
    if job.selection_method != Job.Method.QUOTE:
        return redirect("bidding:owner_job", job.pk)
    return _invitation_page(request, job)


@login_required
@require_POST
def quote_pool_fix(request, job_id):
    job = job_for_owner(job_id, request.user)
    act(request, lambda: services.invitation_pool_fix(actor=request.user, job=job),
        done=_("候选名单已确定。公共随机数确定后即可抽取邀请机构。"))
    return redirect("bidding:quote_invitations", job.pk)


@login_required
@require_POST
def quote_invitation_draw(request, job_id):
    job = job_for_owner(job_id, request.user)
    act(request, lambda: services.invitation_draw_run(actor=request.user, job=job),
        done=_("已抽取邀请机构并通知其报价。"))
    return redirect("bidding:quote_invitations", job.pk)


@login_required
@require_POST
def quote_invite(request, job_id):
    job = job_for_owner(job_id, request.user)
    form = _invite_form(job, request.POST)
    if submit(request, form, lambda data: services.invitations_choose(
            actor=request.user, job=job, agencies=list(data["agencies"]))):
        messages.success(request, _("已邀请所选机构并通知其报价。"))
        return redirect("bidding:quote_invitations", job.pk)
    if not selectors.invitation_state(job, now=timezone.now()).can_choose:
        return _refused_elsewhere(request, form, "bidding:quote_invitations", job)
    return _invitation_page(request, job, status=400, invite_form=form)


def _refused_elsewhere(request, form, page, job):
    """A refusal not about what was typed (fiscal funds, past the close…): the page that no
    longer offers the form says so in a message."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(page, job.pk)


# --- the selection page -------------------------------------------------------------------------

def _scores_form(job, valid, data=None):
    return QuoteScoresForm(data, bids=valid, criteria=selectors.criteria(job))


def selection_context(request, job, *, awaiting, valid):
    """What the owner's selection page (views/selection.py) adds for this method: its forms,
    previews and "method_template", the template it includes."""
    rows = selectors.quote_rows(job, valid)
    context = {
        "method_template": "bidding/selection/_quote.html",
        "quote_criteria": selectors.criteria(job),
        "quote_rows": rows,
        "quote_complete": selectors.scores_complete(rows),
    }
    if awaiting:
        context["quote_form"] = _scores_form(job, valid)
        # A draw is needed only when complete totals tie (the page asks for the beacon value then).
        context["beacon"] = beacon_state(job, needed=len(valid) >= 2 and draw_needed(job, score_rows=rows))
    return context


@login_required
@require_POST
def quote_scores(request, job_id):
    job = job_for_owner(job_id, request.user)
    valid = list(valid_bids(job))
    form = _scores_form(job, valid, request.POST)
    if submit(request, form, lambda _data: services.quote_scores_enter(
            actor=request.user, job=job, scores=form.scores())):
        messages.success(request, _("评审得分已保存。"))
        return redirect("bidding:selection", job.pk)
    if job.status != Job.Status.CLOSED:
        return _refused_elsewhere(request, form, "bidding:selection", job)
    from .selection import _page

    return _page(request, job, status=400, quote_form=form)


@login_required
@require_POST
def selection_quote(request, job_id):
    job = job_for_owner(job_id, request.user)
    selected = act(request, lambda: services.select_quote(actor=request.user, job=job))
    if not selected:
        return redirect("bidding:selection", job.pk)
    from .selection import _done

    return _done(request, selected.value)


# Pages under /workspace/ (namespace "bidding"): bidding/urls.py adds them to its workspace list.
workspace_urls = [
    path("jobs/<id:job_id>/quote/invitations/", quote_invitations, name="quote_invitations"),
    path("jobs/<id:job_id>/quote/invitations/pool/", quote_pool_fix, name="quote_pool_fix"),
    path("jobs/<id:job_id>/quote/invitations/draw/", quote_invitation_draw, name="quote_invitation_draw"),
    path("jobs/<id:job_id>/quote/invitations/choose/", quote_invite, name="quote_invite"),
    path("jobs/<id:job_id>/selection/quote/scores/", quote_scores, name="quote_scores"),
    path("jobs/<id:job_id>/selection/quote/", selection_quote, name="selection_quote"),
]
