"""Agency pages: open jobs to bid on, the bid form, receipts, withdrawal, the agency's bids.

Every page names the agency with ?org=<id> (a user may belong to several); the agency is
fetched and authorised in one call, and a bid only through bid_for_agency_member.
"""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.clock import received_at
from core.converters import parse_id
from core.forms import act, submit

from .. import states
from ..eligibility import bid_refusal, capacity_refusal
from ..forms.agency import BidForm
from ..models import Bid
from ..selectors import bids as selectors
from ..selectors.auction import taking_part
from ..selectors.beacon import random_value_note, with_random_value_note
from ..selectors.benchmarks import job_benchmark
from ..selectors.capacity import capacity_of
from ..selectors.public import public_winner
from ..services import bids as services

PAGE_SIZE = 20


class ChooseAgency(Exception):
    """The user belongs to several agencies and the URL names none: ask which."""

    def __init__(self, agencies):
        self.agencies = agencies


def _agency(request):
    """The agency the page is for: ?org=<id>, or the user's only agency; a user of several
    agencies is asked which (ChooseAgency), a user of none is refused."""
    org_id = parse_id(request.GET.get("org") or request.POST.get("org"))
    if org_id is not None:
        return selectors.agency_for_bidding(org_id, request.user)
    agencies = list(selectors.agencies_of_member(request.user))
    if len(agencies) == 1:
        return agencies[0]
    if not agencies:
        raise PermissionDenied
    raise ChooseAgency(agencies)


def asks_for_agency(view):
    """Answer a page that needs an agency with the list to choose from, when it is unclear."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ChooseAgency as choice:
            return render(request, "bidding/agency/choose_agency.html",
                          {"agencies": choice.agencies, "next": request.path})
    return wrapped


def _with_org(url, agency):
    return f"{url}?org={agency.pk}"


@login_required
@asks_for_agency
def opportunities(request):
    agency = _agency(request)
    all_items = request.GET.get("all") == "1"
    now = timezone.now()
    page = Paginator(selectors.opportunities_for(agency, all_items=all_items, now=now), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "bidding/agency/opportunities.html", {
        "agency": agency,
        "all_items": all_items,
        "page": page,
        "rows": selectors.with_refusals(agency, page.object_list, now=now),
    })


def _initial(bid):
    return {"price": bid.price, "discount_rate": bid.discount_rate,
            "promised_days": bid.promised_days, "plan": bid.plan,
            "benchmark_justification": bid.benchmark_justification}


@login_required
@require_http_methods(["GET", "POST"])
@asks_for_agency
def bid_form(request, job_id):
    agency = _agency(request)
    job = selectors.job_for_bidding(job_id)
    bid = selectors.live_bid_of(agency, job)
    # As of the moment the request arrived: a bid posted just before the close and refused after
    # it (a duplicate, a price) shows its form with the reason, not only "closed".
    received = received_at()
    is_open = states.window_open(job, received)
    if not is_open and bid is not None:
        return redirect(_with_org(reverse("bidding:bid_receipt", args=[bid.pk]), agency))
    benchmark = job_benchmark(job)  # as of the publication: the figures the close judges with
    form = BidForm(request.POST or None, request.FILES or None, job=job, benchmark=benchmark,
                   initial=_initial(bid) if bid else None)

    def save(data):
        if bid is None:
            return services.bid_submit(actor=request.user, agency=agency, job=job, data=data)
        return services.bid_update(actor=request.user, bid=bid, data=data)

    outcome = submit(request, form, save)
    if outcome:
        saved = outcome.value
        saved_message = _("报名已保存。回执编号 %(number)s。") % {"number": saved.receipt_number}
        messages.success(request, with_random_value_note(saved_message, job))  # no note where no draw
        return redirect(_with_org(reverse("bidding:bid_receipt", args=[saved.pk]), agency))
    # Capacity is judged when a bid is made (eligibility.capacity_refusal), not when it is changed.
    refusal = (bid_refusal(agency, job, at=received) or (capacity_refusal(agency, job) if bid is None else None)
               if is_open else None)
    return render(request, "bidding/agency/bid_form.html", {
        "agency": agency, "job": job, "bid": bid, "form": form, "is_open": is_open,
        "refusal": refusal, "benchmark": benchmark, "capacity": capacity_of(agency, job.item_id),
    })


@login_required
def bid_receipt(request, bid_id):
    bid = selectors.bid_for_agency_member(bid_id, request.user)
    job, now = bid.job, timezone.now()
    return render(request, "bidding/agency/receipt.html", {
        "bid": bid, "job": job, "agency": bid.agency,
        "can_change": bid.status == Bid.Status.LIVE and states.window_open(job, now),
        # The objection service judges the publicity window again under its lock.
        "can_object": bid.status != Bid.Status.WITHDRAWN and states.in_publicity(job, now),
        "result_open": not states.bids_sealed(job),
        "close_pending": states.close_due(job, now),
        "objections": bid.objections.order_by("raised_at"),
        "random_value_note": random_value_note(job),
        # The winner's receipt says so; every other bid shows its judged status.
        "status_label": _("中选") if public_winner(job) == bid else bid.get_status_display(),
        "in_auction": taking_part(bid),  # 网上竞价: the live page (views/auction.py)
    })


@login_required
@require_POST
def bid_withdraw(request, bid_id):
    bid = selectors.bid_for_agency_member(bid_id, request.user)
    withdrawn = act(request, lambda: services.bid_withdraw(actor=request.user, bid=bid),
                    done=_("报名已撤回。截止前可以重新报名。"))
    target = reverse("bidding:my_bids") if withdrawn else reverse("bidding:bid_receipt", args=[bid.pk])
    return redirect(_with_org(target, bid.agency))


@login_required
@asks_for_agency
def my_bids(request):
    agency = _agency(request)
    page = Paginator(selectors.bids_of_agency(agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bidding/agency/my_bids.html", {"agency": agency, "page": page})
