"""An agency's offered items and their three commitments, under /workspace/services/<org_id>/.

Members (admin or operator) of the agency only: every view fetches the agency with
`agency_for_member`, which answers 403 to anyone else. Writes go through
marketplace.services.offers, run by core.forms.submit / act.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import act, submit

from ..forms.offers import OfferForm
from ..selectors.offers import agency_for_member, offer_of_agency, offers_of
from ..services import offers as services


@login_required
def offer_list(request, org_id):
    agency = agency_for_member(org_id, request.user)
    return render(request, "marketplace/agency/offer_list.html", {
        "agency": agency,
        "offers": offers_of(agency),
    })


@login_required
@require_http_methods(["GET", "POST"])
def offer_add(request, org_id):
    agency = agency_for_member(org_id, request.user)
    form = OfferForm(request.POST or None, agency=agency)
    added = submit(request, form, lambda data: services.offer_add(
        actor=request.user, agency=agency, item=data["item"], **form.commitments()))
    if added:
        messages.success(request, _("已添加服务事项“%(name)s”及其承诺。") % {"name": added.value.item.name})
        return redirect("agency_services:list", org_id=agency.pk)
    return render(request, "marketplace/agency/offer_form.html", {"agency": agency, "form": form, "offer": None})


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, org_id, offer_id):
    agency = agency_for_member(org_id, request.user)
    offer = offer_of_agency(agency, offer_id)
    form = OfferForm(request.POST or None, agency=agency, offer=offer)
    if submit(request, form, lambda data: services.offer_update(
            actor=request.user, agency=agency, offer=offer, **form.commitments())):
        messages.success(request, _("承诺已保存。"))
        return redirect("agency_services:list", org_id=agency.pk)
    return render(request, "marketplace/agency/offer_form.html", {"agency": agency, "form": form, "offer": offer})


@login_required
@require_http_methods(["GET", "POST"])
def offer_remove(request, org_id, offer_id):
    agency = agency_for_member(org_id, request.user)
    offer = offer_of_agency(agency, offer_id)
    if request.method == "POST":
        act(request, lambda: services.offer_remove(actor=request.user, agency=agency, offer=offer),
            done=_("已不再提供服务事项“%(name)s”。") % {"name": offer.item.name})
        return redirect("agency_services:list", org_id=agency.pk)
    return render(request, "marketplace/agency/offer_remove.html", {"agency": agency, "offer": offer})
