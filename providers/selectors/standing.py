"""What the regulators' standing pages read: agencies by name or code, those whose standing
other than active is in force, and each agency's history of standing changes. Which standing is
in force is decided by the rules in providers.standing_rules."""
from django.db.models import Q

from audit.actions import Action
from audit.models import AuditEntry

from ..models import Organisation
from ..standing_rules import shown_standing, standing_in_force_q


def agencies_matching(query):
    """Agencies whose name contains `query` or whose USCC starts with it."""
    query = (query or "").strip()
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).select_related("region")
    if not query:
        return agencies.none()
    return agencies.filter(Q(name__icontains=query) | Q(uscc__startswith=query.upper())).order_by("name")


def agencies_not_active(at):
    """Agencies whose standing other than active is in force at `at`, for the regulator's
    overview (one whose end date has passed is active again and is not listed)."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
        .filter(standing_in_force_q(at))
        .select_related("region")
        .order_by("-standing_since", "name")
    )


def standing_rows(agencies, at):
    """(agency, ShownStanding) for a list of agencies, for the regulator's tables."""
    return [(agency, shown_standing(agency, at)) for agency in agencies]


def standing_history(agency):
    """Every standing change of `agency`, newest first, from the audit log."""
    return AuditEntry.objects.filter(
        action=Action.ORGANISATION_STANDING_SET, object_type=Organisation._meta.label_lower,
        object_id=str(agency.pk),
    ).order_by("-seq")
