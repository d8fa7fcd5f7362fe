"""The public directory of agencies and the items each offers."""
from django.db.models import Case, F, Prefetch, Q, When

from providers.models import CREDIT_RATED
from providers.selectors import agencies, region_prefix

from ..models import AgencyService


def agency_directory(*, query=None, item_code=None, region_code=None, grade=None):
    """Agencies for the public directory, filtered by keyword, item offered, region and grade.

    Grades and scores count only for agencies the credit rules have rated (CREDIT_RATED): the
    grade filter finds rated agencies only, and rated agencies come first, by score; the
    others follow by name, so no stored default shows through the order either."""
    result = agencies()
    if query:
        result = result.filter(Q(name__icontains=query) | Q(uscc__iexact=query.strip()))
    if item_code:
        result = result.filter(services__item__code=item_code)
    prefix = region_prefix(region_code)
    if prefix:
        result = result.filter(region__code__startswith=prefix)
    if grade:
        result = result.filter(CREDIT_RATED, credit_grade=grade)
    offers = AgencyService.objects.select_related("item").order_by("item__code")
    shown_score = Case(When(CREDIT_RATED, then=F("credit_score")), default=None)
    return result.prefetch_related(Prefetch("services", queryset=offers)).distinct().order_by(
        shown_score.desc(nulls_last=True), "name"
    )


def agencies_offering(item):
    return agency_directory(item_code=item.code)
