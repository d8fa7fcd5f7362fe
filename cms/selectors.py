"""Reads the public pages need beyond the marketplace and providers selectors. Built on those
selectors, so the same filters (active items only, agencies only) apply everywhere."""
from marketplace.models import ServiceItem
from marketplace.selectors.versions import catalogue_in_force
from providers.selectors import agencies


def site_summary():
    """The home page's counts: items in the catalogue today, government-priced ones, agencies."""
    return {
        "items": catalogue_in_force().order_by().count(),
        "government_priced": catalogue_in_force(fee_type=ServiceItem.FeeType.GOVERNMENT).order_by().count(),
        "agencies": agencies().count(),
    }


def newest_agencies(*, limit=8):
    return agencies().order_by("-created_at", "-pk")[:limit]


def offering_rows(agencies_page, item):
    """Pairs (agency, its offer of `item`) from a page of agencies whose services are prefetched."""
    rows = []
    for agency in agencies_page:
        offer = next((s for s in agency.services.all() if s.item_id == item.pk), None)
        rows.append((agency, offer))
    return rows
