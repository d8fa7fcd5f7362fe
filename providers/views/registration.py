"""Registering an agency or a project owner: open to every signed-in user, no approval."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import submit

from ..forms import FILTER_REGIONS, AgencyRegistrationForm, OwnerRegistrationForm
from ..services.registration import agency_register, owner_register


def region_aware_form(request, form_class, **kwargs):
    """The form for this request, and whether it was submitted for real.

    Pressing the "narrow the region list" button redraws the form with what was typed and
    without complaints, so choosing a province first never costs the user their input.
    """
    if request.method != "POST":
        return form_class(**kwargs), False
    if FILTER_REGIONS in request.POST:
        return form_class(initial=request.POST.dict(), **kwargs), False
    return form_class(request.POST, **kwargs), True


def _register(request, *, form_class, service, template, success_message, **form_kwargs):
    form, submitted = region_aware_form(request, form_class, **form_kwargs)
    registered = submitted and submit(request, form, lambda data: service(actor=request.user, data=data))
    if registered:
        organisation = registered.value
        messages.success(request, success_message % {"name": organisation.name})
        return redirect("providers:org_profile", org_id=organisation.pk)
    return render(request, template, {"form": form, "filter_button": FILTER_REGIONS})


@login_required
def register_agency(request):
    return _register(
        request, form_class=AgencyRegistrationForm, service=agency_register,
        template="providers/register_agency.html",
        success_message=_("“%(name)s”已入驻，现已在中介机构名录中公开。请继续完善资质证书、从业人员等信息。"),
        user=request.user,
    )


@login_required
def register_owner(request):
    return _register(
        request, form_class=OwnerRegistrationForm, service=owner_register,
        template="providers/register_owner.html",
        success_message=_("“%(name)s”已注册为项目业主。"),
    )
