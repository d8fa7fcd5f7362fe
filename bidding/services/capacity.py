"""An agency declares how many jobs of an item it can run at once (产能), or withdraws the
declaration. The rule that judges (load, at capacity) is bidding.selectors.capacity.

A declaration may not be lower than the agency's current load for the item (its running jobs):
in particular a capacity of 0 while it still runs jobs of the item is refused. Declaring the load
itself (e.g. 2 while it runs 2) is allowed: the agency is then at capacity and takes no new job.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from marketplace.models import AgencyCapacity, AgencyService
from providers.access import is_member
from providers.models import Organisation

from .. import errors
from ..selectors.capacity import loads

MAX_LIMIT = 999


def _lock_agency(actor, agency):
    """The agency's row, locked: two declarations of the same agency queue here."""
    if agency.kind != Organisation.Kind.AGENCY or not is_member(actor, agency.pk):
        raise errors.CapacityByMemberOnly()
    return Organisation.objects.select_for_update().get(pk=agency.pk)


@transaction.atomic
def capacity_declare(*, actor, agency, item, limit) -> AgencyCapacity:
    """Declare (or change) the agency's capacity for `item`: `limit` jobs at once."""
    agency = _lock_agency(actor, agency)
    if not isinstance(limit, int) or isinstance(limit, bool) or not (0 <= limit <= MAX_LIMIT):
        raise errors.CapacityInvalid(field="limit")
    if not AgencyService.objects.filter(agency=agency, item=item).exists():
        raise errors.CapacityItemNotOffered(field="item")
    load = loads([agency.pk], item).get(agency.pk, 0)
    if limit < load:
        if limit == 0:
            message = _("贵机构在“%(item)s”仍有 %(load)s 个正在承接的项目，不能将承接能力申报为 0；"
                        "可申报为 %(load)s，即暂不承接新项目。")
        else:
            message = _("贵机构在“%(item)s”正在承接 %(load)s 个项目，申报的承接能力 %(limit)s 不能少于该数。")
        raise errors.CapacityBelowLoad(message % {"item": item.name, "load": load, "limit": limit}, field="limit")
    row = AgencyCapacity.objects.select_for_update().filter(agency=agency, item=item).first()
    before = {"item": item.code, "limit": row.limit} if row else None
    if row is None:
        row = AgencyCapacity(agency=agency, item=item)
    row.limit, row.updated_at = limit, timezone.now()
    row.save()
    audit_record(actor=actor, action=Action.CAPACITY_DECLARE, obj=row, before=before,
                 after={"item": item.code, "limit": limit, "load": load})
    return row


@transaction.atomic
def capacity_remove(*, actor, agency, item) -> None:
    """Withdraw the declaration: the agency has no declared limit for `item` any more."""
    agency = _lock_agency(actor, agency)
    row = AgencyCapacity.objects.select_for_update().filter(agency=agency, item=item).first()
    if row is None:
        return
    audit_record(actor=actor, action=Action.CAPACITY_REMOVE, obj=row, before={"item": item.code, "limit": row.limit})
    row.delete()
