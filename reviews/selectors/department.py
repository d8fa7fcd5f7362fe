"""Reads of the approving department's rating (审批部门评价): a regulator's list of its
department's contracts awaiting a rating and the ratings it gave, one contract's rating page,
and an agency's ratings on its public page. A constant number of queries for each list."""
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from contracts.models import Contract

from .. import department_rules
from ..models import DepartmentRating

PUBLIC_SHOWN = 20  # the newest ratings listed on an agency's page (the counts cover all)


def awaiting_rating(regulator):
    """The signed contracts of accepted or completed jobs whose item the regulator's department
    approves, not yet rated, oldest acceptance first."""
    return (Contract.objects.filter(department_rules.rateable_q(),
                                    job__item__approving_department_id=regulator.department_id,
                                    department_rating__isnull=True)
            .select_related("job__item", "agency", "owner").order_by("final_delivered_at", "pk"))


def given_by_department(regulator):
    """The ratings the regulator's department gave, newest first."""
    return (DepartmentRating.objects.filter(department_id=regulator.department_id)
            .select_related("contract__job__item", "agency", "rated_by").order_by("-rated_at", "-pk"))


def contract_for_rating(contract_id):
    """The contract (404 if unknown) with what its rating page shows, and its rating or None."""
    contract = get_object_or_404(
        Contract.objects.select_related("job__item__approving_department__region", "agency", "owner"),
        pk=contract_id)
    rating = (DepartmentRating.objects.select_related("department__region", "rated_by")
              .filter(contract=contract).first())
    return contract, rating


@dataclass(frozen=True)
class PublicRatings:
    """An agency's ratings by approving departments as its public page shows them."""

    total: int
    first_pass: int
    returned: int
    corrections: int
    rows: list

    @property
    def first_pass_percent(self):
        return round(100 * self.first_pass / self.total) if self.total else None


def public_ratings_of(agency):
    """The agency's department ratings: counts over all of them and the newest PUBLIC_SHOWN,
    each with `summary` in words. Two queries."""
    counts = DepartmentRating.objects.filter(agency=agency).aggregate(
        total=Count("pk"), first_pass=Count("pk", filter=Q(first_pass=True)),
        returned=Count("pk", filter=Q(returned=True)), corrected=Count("pk", filter=Q(corrections__gt=0)))
    rows = list(DepartmentRating.objects.filter(agency=agency)
                .select_related("contract__job__item", "department__region").order_by("-rated_at", "-pk")
                [:PUBLIC_SHOWN])
    for row in rows:
        row.summary = department_rules.summary(row)
    return PublicRatings(total=counts["total"], first_pass=counts["first_pass"], returned=counts["returned"],
                         corrections=counts["corrected"], rows=rows)
