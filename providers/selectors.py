"""Reads of organisations that more than one caller needs. Querysets come with their joins."""
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Affiliation, Certificate, Organisation, Region


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

    if not user.is_authenticated:
        raise PermissionDenied
    membership = (
        Membership.objects.select_related("organisation__region")
        .filter(organisation_id=org_id, user=user)
        .first()
    )
    if membership is None or (admin and membership.role != Membership.Role.ADMIN):
        raise PermissionDenied
    return membership.organisation
