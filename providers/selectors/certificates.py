"""Certificates: an agency's own list, expiry warnings, private scans and the regulators' checks."""
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..access import is_active_regulator, may_read_certificates
from ..models import Certificate, Organisation
from .organisations import organisation_for_member


def certificates_of(agency):
    return agency.certificates.select_related("qualification", "verified_by").order_by("valid_until")


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


def certificate_of_member(org_id, certificate_id, user):
    """A certificate of organisation `org_id` that `user` belongs to, or PermissionDenied / 404."""
    organisation = organisation_for_member(org_id, user)
    return get_object_or_404(certificates_of(organisation), pk=certificate_id)


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
