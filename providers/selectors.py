"""Reads of organisations that more than one caller needs. Querysets come with their joins."""
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.converters import parse_id

from .access import is_active_regulator, may_read_certificates
from .models import Affiliation, Certificate, Department, Membership, Organisation, Region


def region_prefix(code):
    """The code prefix shared by a region and everything under it: 510000→51, 510600→5106."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def agencies():
    return Organisation.objects.filter(kind=Organisation.Kind.AGENCY).select_related("region")


def owners():
    return Organisation.objects.filter(kind=Organisation.Kind.OWNER).select_related("region")


def agency_by_uscc(uscc):
    """An agency with everything its public page shows, or 404."""
    queryset = agencies().prefetch_related(
        Prefetch(
            "certificates",
            queryset=Certificate.objects.select_related("qualification").order_by("valid_until"),
        ),
        "practitioners",
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("department__region")),
    )
    return get_object_or_404(queryset, uscc=(uscc or "").upper())


def provinces():
    return Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")


def regions_under(code):
    return Region.objects.filter(parent_id=code).order_by("code")


def memberships_of(user):
    return user.memberships.select_related("organisation__region").order_by("organisation__name")


def organisation_for_member(org_id, user, *, admin=False):
    """The organisation `org_id` if `user` is a member (an admin, when `admin`), else PermissionDenied.

    Every workspace view that touches an organisation fetches it through here.
    """
    from django.core.exceptions import PermissionDenied

    from .models import Membership

    org_id = parse_id(org_id)
    if not user.is_authenticated or org_id is None:
        raise PermissionDenied
    membership = (
        Membership.objects.select_related("organisation__region")
        .filter(organisation_id=org_id, user=user)
        .first()
    )
    if membership is None or (admin and membership.role != Membership.Role.ADMIN):
        raise PermissionDenied
    return membership.organisation


# --- regions for forms ---------------------------------------------------------------------

def region_option_groups(province_code=None):
    """Every division as <optgroup>s a plain <select> can show, no JavaScript needed.

    One group per province ("四川省": the province itself and the counties it runs directly)
    and one per prefecture ("四川省 德阳市": the prefecture itself, then its counties).
    With `province_code`, only that province's groups. One query.
    """
    regions = Region.objects.only("code", "name", "level", "parent_id").order_by("code")
    prefix = region_prefix(province_code)
    if prefix:
        regions = regions.filter(code__startswith=prefix[:2])
    by_code = {region.code: region for region in regions}
    groups = {}  # group owner code -> (label, options); dicts keep code order
    for region in by_code.values():
        if region.level != Region.Level.COUNTY:
            province = by_code.get(region.province_code)
            if region.level == Region.Level.PROVINCE or province is None:
                label = region.name
            else:
                label = f"{province.name} {region.name}"
            groups.setdefault(region.code, (label, []))[1].append(
                (region.code, _("%(name)s（本级）") % {"name": region.name})
            )
    for region in by_code.values():
        if region.level == Region.Level.COUNTY and region.parent_id in groups:
            groups[region.parent_id][1].append((region.code, region.name))
    return [groups[code] for code in sorted(groups)]


def region_by_code(code):
    return Region.objects.filter(code=code).first()


# --- an organisation's profile -------------------------------------------------------------

def certificates_of(agency):
    return agency.certificates.select_related("qualification", "verified_by").order_by("valid_until")


def practitioners_of(agency):
    return agency.practitioners.order_by("name")


def affiliations_of(agency):
    return agency.affiliations.select_related("department__region").order_by("relation", "department__name")


def expiry_warning_days():
    return getattr(settings, "CERTIFICATE_EXPIRY_WARNING_DAYS", 60)


def expiring_certificates(agency, *, today=None, days=None):
    """The agency's certificates that expire within the warning period (or already have)."""
    today = today or timezone.localdate()
    days = days if days is not None else expiry_warning_days()
    return certificates_of(agency).filter(valid_until__lte=today + datetime.timedelta(days=days))


def certificates_due_for_warning(*, today=None, days=None):
    """Certificates of every agency entering the warning period whose admins were not yet told."""
    today = today or timezone.localdate()
    days = days if days is not None else expiry_warning_days()
    return (
        Certificate.objects.filter(
            agency__kind=Organisation.Kind.AGENCY,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
            expiry_warned_at__isnull=True,
        )
        .select_related("agency", "qualification")
        .order_by("agency_id", "valid_until")
    )


def admin_emails(organisation):
    return list(
        Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )


def certificate_of_member(org_id, certificate_id, user):
    """A certificate of organisation `org_id` that `user` belongs to, or PermissionDenied / 404."""
    organisation = organisation_for_member(org_id, user)
    return get_object_or_404(certificates_of(organisation), pk=certificate_id)


def practitioner_of_member(org_id, practitioner_id, user):
    organisation = organisation_for_member(org_id, user)
    return get_object_or_404(organisation.practitioners.all(), pk=practitioner_id)


def affiliation_of_member(org_id, affiliation_id, user):
    organisation = organisation_for_member(org_id, user)
    return get_object_or_404(affiliations_of(organisation), pk=affiliation_id)


def departments_for_picker(region_code=None):
    """Departments to declare an affiliation with, narrowed to a region and what lies under it."""
    departments = Department.objects.select_related("region").order_by("region_id", "name")
    prefix = region_prefix(region_code)
    if prefix:
        departments = departments.filter(region__code__startswith=prefix)
    return departments


def department_region_provinces():
    """Provinces that have at least one department, for the department filter."""
    codes = {code[:2] + "0000" for code in Department.objects.values_list("region_id", flat=True)}
    return provinces().filter(code__in=codes)


# --- private files and regulators ----------------------------------------------------------

def certificate_for_reader(certificate_id, user):
    """A certificate whose scan `user` may read (a member of its agency or an active
    regulator), or PermissionDenied; 404 when there is no such certificate or no scan."""
    if not user.is_authenticated:
        raise PermissionDenied
    certificate = get_object_or_404(Certificate.objects.select_related("agency"), pk=certificate_id)
    if not may_read_certificates(user, certificate.agency_id):
        raise PermissionDenied
    if not certificate.scan:
        raise Http404
    return certificate


def unverified_certificates_for_regulator(user):
    """Certificates waiting for a regulator's check, oldest first; PermissionDenied otherwise."""

    if not is_active_regulator(user):
        raise PermissionDenied
    return (
        Certificate.objects.filter(verified_at__isnull=True)
        .select_related("agency__region", "qualification")
        .order_by("created_at", "pk")
    )


def certificate_for_regulator(certificate_id, user):

    if not is_active_regulator(user):
        raise PermissionDenied
    return get_object_or_404(Certificate.objects.select_related("agency", "qualification"), pk=certificate_id)
