"""Complaints (escalated objections) in the regulator workspace: the list and the decision.

Only active regulators, and only for jobs whose service item is in a category they supervise
(complaints_for_regulator / complaint_for_regulator raise PermissionDenied otherwise)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
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


@login_required
def complaints(request):
    regulator, objections = selectors.complaints_for_regulator(request.user)
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bidding/regulator/objections.html", {
        "regulator": regulator, "page": page,
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
