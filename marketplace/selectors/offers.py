"""What an agency offers (its items with the three commitments), for its members' workspace."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from providers.models import Organisation
from providers.selectors import organisation_for_member


def offers_of(agency: Organisation):
    return agency.services.select_related("item__category", "item__fee_rule").order_by("item__code")


def offer_of_agency(agency: Organisation, offer_id):
    """One of `agency`'s offers, or 404 (another agency's offer is not found here)."""
    return get_object_or_404(offers_of(agency), pk=offer_id)


def agency_for_member(org_id, user):
    """The agency `org_id` if `user` is one of its members (admin or operator), else PermissionDenied."""
    organisation = organisation_for_member(org_id, user)
    if organisation.kind != Organisation.Kind.AGENCY:
        raise PermissionDenied
    return organisation
