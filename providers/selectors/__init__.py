"""Reads of providers that more than one caller needs, one module per subject (organisations,
members, certificates, profile, regions, standing); querysets come with their joins. Callers
import them from here: `from providers.selectors import agencies`."""
from .certificates import (
    certificate_for_reader,
    certificate_for_regulator,
    certificate_of_member,
    certificates_due_for_warning,
    certificates_of,
    expiring_certificates,
    expiry_warning_days,
    unverified_certificates_for_regulator,
)
from .members import (
    account_with_verified_email,
    invitation_by_token,
    invitation_in,
    invitations_for_user,
    membership_in,
    memberships_of,
    open_invitations_of,
    organisation_memberships,
    verified_emails,
)
from .organisations import agencies, agency_by_uscc, organisation_for_member, owners
from .profile import (
    affiliation_of_member,
    affiliations_of,
    department_region_provinces,
    departments_for_picker,
    practitioner_of_member,
    practitioners_of,
)
from .regions import divisions_by_province, provinces, region_option_groups, region_prefix, regions_under
from .standing import agencies_matching, agencies_not_active, standing_history, standing_rows

__all__ = [
    "account_with_verified_email", "affiliation_of_member", "affiliations_of", "agencies", "agencies_matching",
    "agencies_not_active", "agency_by_uscc", "certificate_for_reader", "certificate_for_regulator",
    "certificate_of_member", "certificates_due_for_warning", "certificates_of", "department_region_provinces",
    "departments_for_picker", "divisions_by_province", "expiring_certificates", "expiry_warning_days",
    "invitation_by_token", "invitation_in", "invitations_for_user", "membership_in", "memberships_of",
    "open_invitations_of", "organisation_for_member", "organisation_memberships", "owners", "practitioner_of_member",
    "practitioners_of", "provinces", "region_option_groups", "region_prefix", "regions_under",
    "standing_history", "standing_rows", "verified_emails", "unverified_certificates_for_regulator",
]
