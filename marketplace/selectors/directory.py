"""The public directory of agencies and the items each offers.

Built to stay fast with 100,000 agencies: every filter is a condition on the agency row or an
EXISTS subquery (never a join that repeats rows and needs DISTINCT), the order is one sort key
that an index serves (`directory_rank`, then name, then id), and a list row reads only the
columns it shows. The PostgreSQL indexes are built by providers' migration 0007
(`directory_order`, `directory_grade`, the trigram index on the name) and checked by
tests/cms/test_list_plans.py.
"""
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, F, OuterRef, Prefetch, Q, Value, When

from providers.models import CREDIT_RATED
from providers.selectors import agencies, region_prefix

from ..models import AgencyService

# Unrated agencies sort after every rated one: above any negated score (credit_score has six
# digits, two of them decimals, so -score is at most 9999.99).
UNRATED_RANK = Decimal(10000)

# What a directory row shows (cms directory_index_page.html, service_item.html, grade.html and
# the public standing): nothing else of the agency row is read.
LIST_FIELDS = (
    "kind", "uscc", "name", "region", "region__code", "region__name", "region__full_name",
    "credit_score", "credit_grade", "credit_rated_at",
    "standing", "standing_reason", "standing_since", "standing_until",
    "credit_standing", "credit_standing_reason", "credit_standing_since",
    "blacklist_reason", "blacklisted_since", "blacklisted_until",
)


def directory_rank():
    """The directory's order as one ascending key: rated agencies by score, highest first, then
    the unrated ones (whose stored score is a default that never shows through). Grades and
    scores count only for agencies the credit rules have rated (CREDIT_RATED)."""
    return Case(
        When(CREDIT_RATED, then=-F("credit_score")),
        default=Value(UNRATED_RANK),
        output_field=DecimalField(max_digits=7, decimal_places=2),
    )


def offering(item_code):
    """Agencies that offer the item `item_code` (an EXISTS subquery on the agency row)."""
    return Exists(AgencyService.objects.filter(agency=OuterRef("pk"), item__code=item_code))


def agency_directory(*, query=None, item_code=None, region_code=None, grade=None):
    """Agencies for the public directory, filtered by keyword (name, or the exact USCC), item
    offered, region (and everything under it) and grade, in the directory's order: rated
    agencies first by score, the others by name (`directory_rank`). The grade filter finds rated
    agencies only. Each row has its offered items prefetched (one query for a page)."""
    result = agencies()
    if query:
        result = result.filter(Q(name__icontains=query) | Q(uscc=query.strip().upper()))
    if item_code:
        result = result.filter(offering(item_code))
    prefix = region_prefix(region_code)
    if prefix:
        result = result.filter(region__code__startswith=prefix)
    if grade:
        result = result.filter(CREDIT_RATED, credit_grade=grade)
    offers = AgencyService.objects.select_related("item").order_by("item__code")
    return (
        result.only(*LIST_FIELDS)
        .annotate(directory_rank=directory_rank())
        .prefetch_related(Prefetch("services", queryset=offers))
        .order_by("directory_rank", "name", "pk")
    )


def agencies_offering(item):
    return agency_directory(item_code=item.code)
