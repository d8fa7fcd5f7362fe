"""The agency's capacity page (承接能力): its declared limit and current load per item it offers,
a form to declare or change a limit, and a button to withdraw one. ?org=<id> names the agency
(views.agency._agency: members only)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import act, submit

from ..forms.capacity import CapacityForm, CapacityRemoveForm
from ..selectors.capacity import capacity_rows
from ..services import capacity as services
from .agency import _agency, _with_org, asks_for_agency


def _page(request, agency, form, status=200):
    offered = [offer.item for offer in agency.services.select_related("item")]
    return render(request, "bidding/agency/capacity.html", {
        "agency": agency, "form": form, "rows": capacity_rows(agency, items=offered),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@asks_for_agency
def capacity(request):
    agency = _agency(request)
    form = CapacityForm(request.POST or None, agency=agency)
    done = submit(request, form, lambda data: services.capacity_declare(
        actor=request.user, agency=agency, item=data["item"], limit=data["limit"]))
    if done:
        messages.success(request, _("已申报“%(item)s”的承接能力：%(limit)s 个项目。") % {
            "item": done.value.item.name, "limit": done.value.limit})
        return redirect(_with_org(reverse("bidding:capacity"), agency))
    return _page(request, agency, form, status=400 if form.errors else 200)


@login_required
@require_POST
@asks_for_agency
def capacity_remove(request):
    agency = _agency(request)
    form = CapacityRemoveForm(request.POST, agency=agency)
    if form.is_valid():
        item = form.cleaned_data["item"]
        act(request, lambda: services.capacity_remove(actor=request.user, agency=agency, item=item),
            done=_("已取消“%(item)s”的承接能力申报。") % {"item": item.name})
    else:
        messages.error(request, _("请选择已申报承接能力的服务事项。"))
    return redirect(_with_org(reverse("bidding:capacity"), agency))
