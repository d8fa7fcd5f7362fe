"""What a regulator oversees (监管范围): the one home of "a regulator sees what their department
supervises". Every regulator queue, list and export filters through a RegulatorScope.

- A department supervises the catalogue categories any of its active regulators supervise
  (ServiceCategory.supervisors), within the department's region (its code prefix: a county
  department sees its county, a province department its province).
- A platform operator department (Department.is_platform_operator) sees every category of its
  region: it answers what no department supervises.
"""
from dataclasses import dataclass

from django.db.models import Q

from providers.selectors.regions import region_prefix

from ..models import ServiceCategory


@dataclass(frozen=True)
class RegulatorScope:
    regulator_id: int
    user_id: int
    department_id: int
    region_code: str
    category_ids: frozenset
    is_operator: bool = False
    is_head: bool = False

    @property
    def region_prefix(self):
        return region_prefix(self.region_code) or self.region_code

    def region_q(self, field="region__code"):
        """Rows whose region code (`field`: a path to the code, e.g. "owner__region__code"; the code
        is Region's key, so no join is made) lies in the department's region."""
        return Q(**{f"{field}__startswith": self.region_prefix}) if self.region_prefix else Q()

    def category_q(self, field="item__category"):
        """Rows whose category (a ServiceCategory foreign key path `field`) the department
        supervises; an operator sees every category."""
        if self.is_operator:
            return Q()
        return Q(**{f"{field}__in": sorted(self.category_ids)})

    def q(self, *, category="item__category", region="region__code"):
        """Both: what this department oversees."""
        return self.category_q(category) & self.region_q(region)

    def covers(self, *, category_id, region_code):
        """The same rule for one object already in hand."""
        in_region = str(region_code or "").startswith(self.region_prefix or "")
        return in_region and (self.is_operator or category_id in self.category_ids)


def scope_of(regulator):
    """The scope of a regulator record (providers.access.regulator_for gives one): one query for
    the department's supervised categories."""
    department = regulator.department
    category_ids = frozenset(
        ServiceCategory.objects.filter(supervisors__department_id=department.pk, supervisors__is_active=True)
        .values_list("pk", flat=True).distinct())
    return RegulatorScope(regulator_id=regulator.pk, user_id=regulator.user_id, department_id=department.pk,
                          region_code=department.region_id, category_ids=category_ids,
                          is_operator=department.is_platform_operator, is_head=regulator.is_head)
