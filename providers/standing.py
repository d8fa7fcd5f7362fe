"""An agency's standing (市场状态) at a moment, and the reads the regulator's standing page needs.

A standing other than "active" lasts until `standing_until` when one is set: once that moment
has passed the agency is active again, without anyone having to lift it by hand. Whether the
agency may bid is decided from this in bidding.eligibility.
"""
from django.db.models import Q

from audit.models import AuditEntry

from .models import Organisation, Standing

STANDING_ACTION = "organisation.standing_set"


def standing_at(agency, at):
    """(standing, reason, until) in force at `at`; an expired standing counts as active."""
    if agency.standing != Standing.ACTIVE and agency.standing_until is not None and agency.standing_until <= at:
        return Standing.ACTIVE, "", None
    return agency.standing, agency.standing_reason, agency.standing_until


def agencies_matching(query):
    """Agencies whose name contains `query` or whose USCC starts with it."""
    query = (query or "").strip()
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).select_related("region")
    if not query:
        return agencies.none()
    return agencies.filter(Q(name__icontains=query) | Q(uscc__startswith=query.upper())).order_by("name")


def agencies_not_active():
    """Agencies with a standing other than active, for the regulator's overview."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
        .exclude(standing=Standing.ACTIVE)
        .select_related("region")
        .order_by("-standing_since", "name")
    )


def standing_history(agency):
    """Every standing change of `agency`, newest first, from the audit log."""
    return AuditEntry.objects.filter(
        action=STANDING_ACTION, object_type=Organisation._meta.label_lower, object_id=str(agency.pk)
    ).order_by("-seq")
