"""An organisation's own profile, kept by its members; and the regulators' certificate checks."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import act, submit

from .. import selectors
from ..access import regulator_scope
from ..forms import (
    FILTER_REGIONS,
    AffiliationForm,
    CertificateForm,
    CertificateQueueFilterForm,
    DepartmentFilterForm,
    OrganisationProfileForm,
    PractitionerForm,
)
from ..models import Organisation
from ..selectors import queues
from ..services import profile as profile_services
from ..services.registration import organisation_update
from .registration import region_aware_form

REGULATOR_PAGE_SIZE = 50


def _back_to_profile(organisation):
    return redirect("providers:org_profile", org_id=organisation.pk)


def _agency_for_member(org_id, user):
    """Certificates, practitioners and affiliations belong to agencies only."""
    organisation = selectors.organisation_for_member(org_id, user)
    if organisation.kind != Organisation.Kind.AGENCY:
        raise Http404
    return organisation


@login_required
def org_profile(request, org_id):
    organisation = selectors.organisation_for_member(org_id, request.user)
    form, submitted = region_aware_form(request, OrganisationProfileForm, instance=organisation)
    if submitted and submit(request, form, lambda data: organisation_update(
            actor=request.user, organisation=organisation, data=data)):
        messages.success(request, _("机构信息已保存。"))
        return _back_to_profile(organisation)
    context = {"organisation": organisation, "form": form, "filter_button": FILTER_REGIONS}
    if organisation.is_agency:
        context.update(
            certificates=selectors.certificates_of(organisation),
            expiring_ids=set(selectors.expiring_certificates(organisation).values_list("pk", flat=True)),
            warning_days=selectors.expiry_warning_days(),
            today=timezone.localdate(),
            practitioners=selectors.practitioners_of(organisation),
            affiliations=selectors.affiliations_of(organisation),
        )
    return render(request, "providers/profile.html", context)


# --- certificates ------------------------------------------------------------------------

def _certificate_form_page(request, organisation, form, certificate=None):
    return render(request, "providers/certificate_form.html",
                  {"organisation": organisation, "form": form, "certificate": certificate})


@login_required
def certificate_add(request, org_id):
    agency = _agency_for_member(org_id, request.user)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if submit(request, form, lambda data: profile_services.certificate_add(
            actor=request.user, agency=agency, data=data)):
        messages.success(request, _("资质证书已添加。"))
        return _back_to_profile(agency)
    return _certificate_form_page(request, agency, form)


@login_required
def certificate_edit(request, org_id, certificate_id):
    certificate = selectors.certificate_of_member(org_id, certificate_id, request.user)
    agency = certificate.agency
    initial = {name: getattr(certificate, name) for name in profile_services.CERTIFICATE_FIELDS}
    form = CertificateForm(request.POST or None, request.FILES or None, initial=initial, scan_required=False)
    if submit(request, form, lambda data: profile_services.certificate_update(
            actor=request.user, certificate=certificate, data=data)):
        messages.success(request, _("资质证书已更新。"))
        return _back_to_profile(agency)
    return _certificate_form_page(request, agency, form, certificate)


@login_required
def certificate_remove(request, org_id, certificate_id):
    certificate = selectors.certificate_of_member(org_id, certificate_id, request.user)
    agency = certificate.agency
    if request.method == "POST":
        act(request, lambda: profile_services.certificate_remove(actor=request.user, certificate=certificate),
            done=_("资质证书已删除。"))
        return _back_to_profile(agency)
    return render(request, "providers/certificate_confirm_remove.html",
                  {"organisation": agency, "certificate": certificate})


# --- practitioners -----------------------------------------------------------------------

@login_required
def practitioner_add(request, org_id):
    agency = _agency_for_member(org_id, request.user)
    form = PractitionerForm(request.POST or None)
    if submit(request, form, lambda data: profile_services.practitioner_add(
            actor=request.user, agency=agency, data=data)):
        messages.success(request, _("从业人员已添加。"))
        return _back_to_profile(agency)
    return render(request, "providers/practitioner_form.html", {"organisation": agency, "form": form})


@login_required
def practitioner_edit(request, org_id, practitioner_id):
    practitioner = selectors.practitioner_of_member(org_id, practitioner_id, request.user)
    agency = practitioner.agency
    form = PractitionerForm(request.POST or None, instance=practitioner)
    if submit(request, form, lambda data: profile_services.practitioner_update(
            actor=request.user, practitioner=practitioner, data=data)):
        messages.success(request, _("从业人员信息已更新。"))
        return _back_to_profile(agency)
    return render(request, "providers/practitioner_form.html",
                  {"organisation": agency, "form": form, "practitioner": practitioner})


@login_required
def practitioner_remove(request, org_id, practitioner_id):
    practitioner = selectors.practitioner_of_member(org_id, practitioner_id, request.user)
    agency = practitioner.agency
    if request.method == "POST":
        act(request, lambda: profile_services.practitioner_remove(actor=request.user, practitioner=practitioner),
            done=_("从业人员已删除。"))
        return _back_to_profile(agency)
    return render(request, "providers/practitioner_confirm_remove.html",
                  {"organisation": agency, "practitioner": practitioner})


# --- affiliations ------------------------------------------------------------------------

@login_required
def affiliation_add(request, org_id):
    agency = _agency_for_member(org_id, request.user)
    filter_form = DepartmentFilterForm(request.GET or None)
    region_code = filter_form.cleaned_data["region"] if filter_form.is_valid() else None
    form = AffiliationForm(request.POST or None, region_code=region_code)
    if submit(request, form, lambda data: profile_services.affiliation_declare(
            actor=request.user, agency=agency, **data)):
        messages.success(request, _("关联关系已申报。"))
        return _back_to_profile(agency)
    return render(request, "providers/affiliation_form.html",
                  {"organisation": agency, "form": form, "filter_form": filter_form})


@login_required
def affiliation_withdraw(request, org_id, affiliation_id):
    affiliation = selectors.affiliation_of_member(org_id, affiliation_id, request.user)
    agency = affiliation.agency
    if request.method == "POST":
        act(request, lambda: profile_services.affiliation_withdraw(actor=request.user, affiliation=affiliation),
            done=_("关联关系已撤回。"))
        return _back_to_profile(agency)
    return render(request, "providers/affiliation_confirm_withdraw.html",
                  {"organisation": agency, "affiliation": affiliation})


# --- regulators --------------------------------------------------------------------------

@login_required
def regulator_certificates(request):
    """The certificates of the agencies the regulator's department oversees: waiting for a check
    (the default), about to expire, or expired; filtered by agency name or USCC."""
    scope = regulator_scope(request.user)
    form = CertificateQueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    show = filters.get("show") or "verify"
    if show == "verify":
        certificates = queues.certificates_to_verify(scope)
    else:
        certificates = queues.certificates_expiring(scope)
        if show == "expired":
            certificates = certificates.filter(queues.expired_q())
    if filters.get("q"):
        query = filters["q"]
        certificates = certificates.filter(Q(agency__name__icontains=query) | Q(agency__uscc=query.upper()))
    page = Paginator(certificates, REGULATOR_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "providers/regulator_certificates.html", {
        "certificates": page.object_list, "page": page, "form": form, "show": show,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def regulator_certificate_verify(request, certificate_id):
    certificate = selectors.certificate_for_regulator(certificate_id, request.user)
    act(request, lambda: profile_services.certificate_verify(actor=request.user, certificate=certificate),
        done=_("已核验：%(agency)s %(certificate)s") % {"agency": certificate.agency.name, "certificate": certificate})
    return redirect("providers_regulator:certificates")
