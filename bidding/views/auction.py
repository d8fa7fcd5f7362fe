"""The owner's and bidders' pages of the "auction" selection method (网上竞价,
bidding/method_params.py, bidding/auction.py).

- the owner's part of the selection page (`selection_context`): the published parameters, the
  start button, then the running auction (anonymous) and, once over, the result button when its
  tie-break draw waited for the public beacon value;
- the bidder's live page (`auction_live`, by its bid, 404 for anyone but the bid's agency): the
  timetable, every bidder's current price as 报价人 1…n, whose turn it is and, in its own box,
  the move form. It refreshes itself at the next change of the schedule (<meta refresh>),
  without JavaScript; static/js/auction.js polls `auction_state` (JSON) and reloads as soon as
  anything changes, and counts the seconds down;
- `auction_move` (POST): one service call; a refusal is shown on the page with the input kept.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import act, submit

from ..forms.auction import MoveForm
from ..method_params import param_rows
from ..selectors import auction as selectors
from ..selectors.beacon import beacon_state
from ..selectors.jobs import job_for_owner
from ..services import auction as services


def selection_context(request, job, *, awaiting, valid):
    """What the owner's selection page (views/selection.py) adds for this method: its forms,
    previews and "method_template", the template it includes."""
    auction = selectors.auction_of(job)
    view = selectors.auction_view(auction) if auction is not None else None
    waiting_result = selectors.awaiting_result(job, view.schedule if view else None)
    context = {
        "method_template": "bidding/selection/_auction.html",
        "auction": view,
        "auction_params": param_rows(job),
        "can_start_auction": awaiting and selectors.may_start(job, auction),
        "auction_result_pending": waiting_result,
    }
    if awaiting:
        # A draw is needed only when final prices tie (the page asks for the beacon value then).
        context["beacon"] = beacon_state(job, needed=bool(waiting_result and view.schedule.tied))
    return context


@login_required
@require_POST
def auction_start(request, job_id):
    job = job_for_owner(job_id, request.user)
    started = act(request, lambda: services.auction_start(actor=request.user, job=job))
    if started and getattr(started.value, "status", None) == job.Status.FAILED:
        messages.warning(request, _("有效报名不足，项目已流标。可以重新发布。"))
    elif started:
        messages.success(request, _("网上竞价已开始：开标报价已向报价人匿名公开，暂停结束后进入第一轮。"))
    return redirect("bidding:selection", job.pk)


@login_required
@require_POST
def auction_select(request, job_id):
    job = job_for_owner(job_id, request.user)
    if act(request, lambda: services.auction_select(actor=request.user, job=job)):
        messages.success(request, _("已确定中选机构，结果进入公示期。"))
    return redirect("bidding:selection", job.pk)


def _live(request, bid, auction, *, form=None, status=200):
    view = selectors.auction_view(auction, own_bid_id=bid.pk) if auction is not None else None
    return render(request, "bidding/auction/live.html", {
        "bid": bid, "job": bid.job, "agency": bid.agency, "view": view,
        "form": form or MoveForm(), "can_move": view is not None and view.own_turn is not None,
    }, status=status)


@never_cache
@login_required
def auction_live(request, bid_id):
    bid, auction = selectors.bid_in_auction(bid_id, request.user)
    return _live(request, bid, auction)


@never_cache
@login_required
def auction_state(request, bid_id):
    bid, auction = selectors.bid_in_auction(bid_id, request.user)
    view = selectors.auction_view(auction, own_bid_id=bid.pk) if auction is not None else None
    return JsonResponse(selectors.state_json(view))


@login_required
@require_POST
def auction_move(request, bid_id):
    bid, auction = selectors.bid_in_auction(bid_id, request.user)
    form = MoveForm(request.POST)
    moved = submit(request, form, lambda _data: services.auction_move(
        actor=request.user, bid=bid, price=form.move_price()))
    if moved:
        messages.success(request, _("已维持报价。") if moved.value.kind == moved.value.Kind.KEPT
                         else _("已出价：%(price)s 元。") % {"price": moved.value.price})
        return redirect("bidding:auction_live", bid.pk)
    # Refused: the page as it now stands, the input kept (the auction is read again).
    bid, auction = selectors.bid_in_auction(bid_id, request.user)
    return _live(request, bid, auction, form=form, status=400)


# Pages under /workspace/ (namespace "bidding"): bidding/urls.py adds them to its workspace list.
workspace_urls = [
    path("jobs/<id:job_id>/selection/auction/start/", auction_start, name="auction_start"),
    path("jobs/<id:job_id>/selection/auction/result/", auction_select, name="auction_select"),
    path("bids/<id:bid_id>/auction/", auction_live, name="auction_live"),
    path("bids/<id:bid_id>/auction/state/", auction_state, name="auction_state"),
    path("bids/<id:bid_id>/auction/move/", auction_move, name="auction_move"),
]
