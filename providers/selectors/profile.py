"""An agency's practitioners and declared affiliations, and the departments to declare them with."""
from django.shortcuts import get_object_or_404

from ..models import Department
from .organisations import organisation_for_member
from .regions import provinces, region_prefix


def practitioners_of(agency):
    return agency.practitioners.order_by("name")


def affiliations_of(agency):
    return agency.affiliations.select_related("department__region").order_by("relation", "department__name")


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
