"""Reads the public pages need beyond the marketplace and providers selectors. Built on those
selectors, so the same filters (active items only, agencies only) apply everywhere."""
import datetime

from django.utils import timezone

from bidding.models import Job
from bidding.selectors.public import public_jobs
from core.pagination import count_rows
from marketplace.models import ServiceItem
from marketplace.selectors.directory import LIST_FIELDS
from marketplace.selectors.versions import catalogue_in_force
from oversight.selectors import statistics
from providers.selectors import agencies


def site_summary(today=None):
    """The home page's live figures: items in the catalogue today, government-priced ones,
    agencies listed and jobs open for bids (`core.pagination.Count`s: exact up to their limit,
    "约 10 万" past it, so the home page never counts 100,000 rows); and this year's jobs
    published, average saving against budget and average service time against the statutory
    limit, from the statistics summary (oversight's StatsMonth, refreshed nightly)."""
    today = today or timezone.localdate()
    year = statistics.summary(statistics.Filters(start=datetime.date(today.year, 1, 1), end=today)).current
    return {
        "items": catalogue_in_force().order_by().count(),
        "government_priced": catalogue_in_force(fee_type=ServiceItem.FeeType.GOVERNMENT).order_by().count(),
        "agencies": count_rows(agencies()),
        "open_jobs": count_rows(public_jobs(status=Job.Status.PUBLISHED)),
        "year": today.year,
        "jobs_this_year": year.jobs_published,
        "saving_rate": year.savings_budget_rate,
        "avg_days": year.avg_days,
        "avg_statutory_days": year.avg_statutory_days,
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
