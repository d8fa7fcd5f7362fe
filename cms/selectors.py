"""Reads the public pages need beyond the marketplace and providers selectors. Built on those
selectors, so the same filters (active items only, agencies only) apply everywhere."""
from core.pagination import count_rows
from marketplace.models import ServiceItem
from marketplace.selectors.directory import LIST_FIELDS
from marketplace.selectors.versions import catalogue_in_force
from providers.selectors import agencies


def site_summary():
    """The home page's counts: items in the catalogue today, government-priced ones, agencies
    (a `core.pagination.Count`: exact up to its limit, "约 10 万" past it, so the home page
    never counts 100,000 rows)."""
    return {
        "items": catalogue_in_force().order_by().count(),
        "government_priced": catalogue_in_force(fee_type=ServiceItem.FeeType.GOVERNMENT).order_by().count(),
        "agencies": count_rows(agencies()),
    }


def newest_agencies(*, limit=8):
    """The agencies registered last, served by an index on (created_at, id) of agencies
    (providers' migration 0007); a row reads what a directory row reads and its date."""
    return agencies().only(*LIST_FIELDS, "created_at").order_by("-created_at", "-pk")[:limit]


def offering_rows(agencies_page, item):
    """Pairs (agency, its offer of `item`) from a page of agencies whose services are prefetched."""
    rows = []
    for agency in agencies_page:
        offer = next((s for s in agency.services.all() if s.item_id == item.pk), None)
        rows.append((agency, offer))
    return rows
