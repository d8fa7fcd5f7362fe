"""Organisations (agencies and owners): the public lists, an agency's public page, and fetching
an organisation for one of its members."""
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from core.converters import parse_id

from ..models import Affiliation, Certificate, Membership, Organisation


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


def organisation_for_member(org_id, user, *, admin=False):
    """The organisation `org_id` if `user` is a member (an admin, when `admin`), else PermissionDenied.

    Every workspace view that touches an organisation fetches it through here.
    """
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
