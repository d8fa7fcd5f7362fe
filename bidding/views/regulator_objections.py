"""Complaints (escalated objections) in the regulator workspace: the list and the decision.

Only active regulators, and only for jobs within their scope — what their department supervises
(complaints_for_regulator / complaint_for_regulator raise PermissionDenied otherwise)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import submit

from ..forms.selection import DecideForm
from ..models import Objection
from ..selectors import selection as selectors
from ..services import objections as services
from .objections import attachment_response

PAGE_SIZE = 25


STATUS_FILTERS = {
    "escalated": [Objection.Status.ESCALATED],
    "decided": [Objection.Status.UPHELD, Objection.Status.REJECTED],
}


@login_required
def complaints(request):
    """Filters: status (escalated: waiting for a decision; decided) and q (the job's title or
    the objecting agency's name)."""
    regulator, objections = selectors.complaints_for_regulator(request.user)
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    query = request.GET.get("q", "").strip()[:60]
    if status:
        objections = objections.filter(status__in=STATUS_FILTERS[status])
    if query:
        objections = objections.filter(Q(job__title__icontains=query) | Q(bid__agency__name__icontains=query))
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bidding/regulator/objections.html", {
        "regulator": regulator, "page": page, "status": status, "query": query,
        # (complaint, whether it awaits this page's decision)
        "rows": [(objection, objection.status == Objection.Status.ESCALATED) for objection in page.object_list],
    })


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request, objection_id):
    _regulator, objection = selectors.complaint_for_regulator(objection_id, request.user)
    job = objection.job
    valid = list(selectors.valid_bids(job))
    form = DecideForm(request.POST or None, valid_bids=valid)
    if submit(request, form, lambda data: services.objection_decide(
            actor=request.user, objection=objection, upheld=data["upheld"], decision=data["decision"],
            invalidate=data["invalidate"])):
        messages.success(request, _("处理决定已记录并通知各方。"))
        return redirect("bidding_regulator:complaint", objection.pk)
    return render(request, "bidding/regulator/objection_detail.html", {
        "objection": objection,
        "job": job,
        "bids": list(selectors.closed_bids(job)),
        "form": form if objection.status == Objection.Status.ESCALATED else None,
    }, status=400 if form.errors else 200)


@login_required
def complaint_attachment(request, objection_id, attachment_id):
    _regulator, objection = selectors.complaint_for_regulator(objection_id, request.user)
    return attachment_response(objection, attachment_id)
