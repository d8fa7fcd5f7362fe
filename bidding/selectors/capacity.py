"""Agencies' capacity (产能) and current load, per service item: the one place that says who is
at capacity.

- The limit is what the agency declared (marketplace.AgencyCapacity, written by
  bidding.services.capacity); no declaration means no limit.
- The load of an agency for an item is the number of jobs of that item it has won that are
  still running: the job's winner is its bid and the job is selected, in publicity, awarded,
  contracted, in service, delivered or accepted (LOAD_STATUSES). A completed, terminated,
  failed or cancelled job no longer counts; nor does a job whose winner changed to the runner-up.
- An agency is at capacity for an item when it declared a limit and its load is at or above it.
  Such an agency is refused when it bids (bidding.eligibility.capacity_refusal) and skipped by
  the draws that pick agencies (random draw, credit-merit short list, quote invitations).

Every function here reads a fixed number of queries whatever the number of agencies or items.
"""
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from core.text import enumeration, with_note
from marketplace.models import AgencyCapacity, ServiceItem

from ..models import Job

LOAD_STATUSES = (
    Job.Status.SELECTED,
    Job.Status.PUBLICITY,
    Job.Status.AWARDED,
    Job.Status.CONTRACTED,
    Job.Status.IN_SERVICE,
    Job.Status.DELIVERED,
    Job.Status.ACCEPTED,
)


def _item_id(item):
    return getattr(item, "pk", item)


def running_jobs():
    """The jobs that count in a load (their winner's agency is winner__agency_id)."""
    return Job.objects.filter(status__in=LOAD_STATUSES, winner__isnull=False)


def loads(agency_ids, item):
    """{agency id: number of running jobs of `item` it won} for the given agencies (absent: 0)."""
    agency_ids = list(agency_ids)
    if not agency_ids:
        return {}
    rows = (running_jobs().filter(item_id=_item_id(item), winner__agency_id__in=agency_ids)
            .values("winner__agency_id").annotate(n=Count("pk")).order_by())
    return {row["winner__agency_id"]: row["n"] for row in rows}


def limits(agency_ids, item):
    """{agency id: declared limit} for the given agencies that declared one for `item`."""
    agency_ids = list(agency_ids)
    if not agency_ids:
        return {}
    return dict(AgencyCapacity.objects.filter(item_id=_item_id(item), agency_id__in=agency_ids)
                .values_list("agency_id", "limit"))


def is_at_capacity(limit, load) -> bool:
    """The rule itself: a declared limit reached (a limit of 0 means: takes no new job)."""
    return limit is not None and load >= limit


def at_capacity_ids(agency_ids, item) -> set:
    """The ids among `agency_ids` of the agencies at capacity for `item` (two queries)."""
    declared = limits(agency_ids, item)
    if not declared:
        return set()
    current = loads(declared, item)
    return {agency_id for agency_id, limit in declared.items() if is_at_capacity(limit, current.get(agency_id, 0))}


@dataclass
class CapacityRow:
    item: object  # marketplace.ServiceItem
    limit: int | None
    load: int

    @property
    def at_capacity(self) -> bool:
        return is_at_capacity(self.limit, self.load)

    @property
    def free(self):
        return None if self.limit is None else max(self.limit - self.load, 0)


def capacity_of(agency, item) -> CapacityRow:
    """The agency's declared limit and current load for one item (the bid form's warning)."""
    item_id = _item_id(item)
    return CapacityRow(item=item, limit=limits([agency.pk], item_id).get(agency.pk),
                       load=loads([agency.pk], item_id).get(agency.pk, 0))


def capacity_rows(agency, items=None):
    """The agency's capacity table: one row per item it declared a limit for, or has running jobs
    of, or among `items` (e.g. the items it offers), ordered by item code. Three queries."""
    declared = dict(AgencyCapacity.objects.filter(agency=agency).values_list("item_id", "limit"))
    current = dict(running_jobs().filter(winner__agency_id=agency.pk).values("item_id")
                   .annotate(n=Count("pk")).order_by().values_list("item_id", "n"))
    item_ids = set(declared) | set(current) | {_item_id(item) for item in (items or ())}
    if not item_ids:
        return []
    return [CapacityRow(item=item, limit=declared.get(item.pk), load=current.get(item.pk, 0))
            for item in ServiceItem.objects.filter(pk__in=item_ids).order_by("code")]


def capacity_table(agency_ids, item) -> dict:
    """{agency id: CapacityRow} for the agencies among `agency_ids` that declared a limit for
    `item` (two queries)."""
    declared = limits(agency_ids, item)
    current = loads(declared, item)
    return {agency_id: CapacityRow(item=item, limit=limit, load=current.get(agency_id, 0))
            for agency_id, limit in declared.items()}


def bids_at_capacity(bids, item):
    """[(bid, CapacityRow)] for the bids whose agency is at capacity for `item` now, in the
    order of `bids`: the bids a draw that picks agencies skips."""
    table = capacity_table({bid.agency_id for bid in bids}, item)
    return [(bid, table[bid.agency_id]) for bid in bids
            if bid.agency_id in table and table[bid.agency_id].at_capacity]


def skipped_statement(skipped) -> str:
    """The public sentence naming the agencies a draw skipped for being at capacity (or "")."""
    if not skipped:
        return ""
    names = enumeration(
        with_note(bid.agency.name, _("承接能力 %(limit)s 个，正在承接 %(load)s 个") % {
            "limit": row.limit, "load": row.load})
        for bid, row in skipped)
    return _("以下机构抽取时已达到申报的承接能力，未参加抽取：%(names)s。") % {"names": names}
