"""The owner's part of the selection page for 均价比选 (best price): the preview of the mean and
of the reference each published K would give, and the one action that draws K and selects
(services/best_price.py). Every view fetches the job through job_for_owner (404 for anyone but
the owner's members)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from core.forms import act

from ..selectors import best_price as selectors
from ..selectors.jobs import job_for_owner
from ..services import best_price as services

TEMPLATE = "bidding/selection/_best_price.html"


def selection_context(request, job, *, awaiting, valid):
    """What the owner's selection page (views/selection.py) adds while the job awaits selection:
    the preview (`best_price`, or `best_price_problem` when it cannot be computed)."""
    if not awaiting:
        return {}
    computation, problem = selectors.preview(job, valid)
    return {"method_template": TEMPLATE, "best_price": computation, "best_price_problem": problem}


@login_required
@require_POST
def select(request, job_id):
    from .selection import _done  # the selection page imports this module

    job = job_for_owner(job_id, request.user)
    selected = act(request, lambda: services.select_best_price(actor=request.user, job=job))
    return _done(request, selected.value) if selected else redirect("bidding:selection", job.pk)


# Pages under /workspace/ (namespace "bidding"): bidding/urls.py adds them to its workspace list.
workspace_urls = [
    path("jobs/<id:job_id>/selection/best-price/", select, name="selection_best_price"),
]
