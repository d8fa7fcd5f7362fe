"""Public reads of the catalogue and the agency directory; views, Wagtail pages, the API and
search all call these, so each list page runs a fixed number of queries."""
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from providers.models import Organisation
from providers.selectors import agencies, region_prefix

from .models import AgencyService, ServiceItem


def catalogue_items(*, query=None, category=None, fee_type=None, include_inactive=False):
    items = ServiceItem.objects.select_related(
        "category", "approving_department__region", "fee_rule"
    ).prefetch_related("required_qualifications")
    if not include_inactive:
        items = items.filter(is_active=True)
    if query:
        items = items.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(approval_item__icontains=query)
        )
    if category:
        items = items.filter(category__code=category)
    if fee_type:
        items = items.filter(fee_type=fee_type)
    return items.order_by("code")


def item_by_code(code):
    return get_object_or_404(catalogue_items(include_inactive=True), code=code)


def item_history(item):
    """The item's versions, newest first, each with the fields that changed from the one before."""
    records = list(
        item.history.select_related("history_user").prefetch_related("required_qualifications").order_by("-history_date", "-history_id")
    )
    versions = []
    for newer, older in zip(records, records[1:] + [None]):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        versions.append({"record": newer, "changes": changes})
    return versions


def agency_directory(*, query=None, item_code=None, region_code=None, grade=None):
    """Agencies for the public directory, filtered by keyword, item offered, region and grade."""
    result = agencies()
    if query:
        result = result.filter(Q(name__icontains=query) | Q(uscc__iexact=query.strip()))
    if item_code:
        result = result.filter(services__item__code=item_code)
    prefix = region_prefix(region_code)
    if prefix:
        result = result.filter(region_id__startswith=prefix)
    if grade:
        result = result.filter(credit_grade=grade)
    offers = AgencyService.objects.select_related("item").order_by("item__code")
    return result.prefetch_related(Prefetch("services", queryset=offers)).distinct().order_by(
        "-credit_score", "name"
    )


def offers_of(agency: Organisation):
    return agency.services.select_related("item__category", "item__fee_rule").order_by("item__code")


def agencies_offering(item):
    return agency_directory(item_code=item.code)
