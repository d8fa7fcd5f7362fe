"""A regulator sets an agency's standing (正常 / 重点关注 / 暂停参与选取) by hand, with a reason and,
when it is temporary, an end. The agency's members are told at once.

This is one of the three inputs of the standing (providers.standing_rules: the most severe of
the regulator's, the credit rules' and the blacklist's wins). Blacklisting is not one of the
choices: it takes two regulators (one proposes, another approves: reviews.services.blacklist)."""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from audit.actions import Action
from audit.services import audit_record, snapshot
from core.notifications import notify

from .. import errors
from ..access import is_active_regulator, members_of
from ..models import Organisation, Standing

STANDING_FIELDS = ("standing", "standing_reason", "standing_since", "standing_until")
# What a regulator may set by hand.
MANUAL_CHOICES = (Standing.ACTIVE, Standing.WATCH, Standing.SUSPENDED)


def _check(agency, standing, reason, until, now):
    if agency.kind != Organisation.Kind.AGENCY:
        raise errors.StandingNotAnAgency()
    if standing == Standing.BLACKLISTED:
        raise errors.StandingBlacklistNeedsTwoRegulators(field="standing")
    if standing not in MANUAL_CHOICES:
        raise errors.StandingInvalid(field="standing")
    if not (reason or "").strip():
        raise errors.StandingReasonRequired(field="reason")
    if until is not None and until <= now:
        raise errors.StandingUntilInPast(field="until")


def _notify_members(agency, line):
    notify(members_of([agency.pk]), title=gettext("[中介超市] 机构市场状态变更"), body=line,
           link=reverse("providers:org_profile", args=[agency.pk]))


def _describe(agency):
    label = Standing(agency.standing).label
    if agency.standing_until is None:
        period = pgettext("a standing's period", "长期") if agency.standing != Standing.ACTIVE else ""
    else:
        period = gettext("至 %(until)s") % {
            "until": date_format(timezone.localtime(agency.standing_until), "Y-m-d H:i")}
    return gettext("“%(agency)s”的市场状态已调整为：%(standing)s %(period)s。原因：%(reason)s") % {
        "agency": agency.name, "standing": label, "period": period, "reason": agency.standing_reason,
    }


@transaction.atomic
def standing_set(*, actor, agency, standing, reason, until=None) -> Organisation:
    if not is_active_regulator(actor):
        raise errors.NotARegulator()
    agency = Organisation.objects.select_for_update().get(pk=agency.pk)
    now = timezone.now()
    _check(agency, standing, reason, until, now)
    before = snapshot(agency, STANDING_FIELDS)
    agency.standing = standing
    agency.standing_reason = reason.strip()
    agency.standing_since = now
    # "Active" has no end: it is the normal state the others return to.
    agency.standing_until = until if standing != Standing.ACTIVE else None
    agency.save(update_fields=[*STANDING_FIELDS, "updated_at"])
    audit_record(actor=actor, action=Action.ORGANISATION_STANDING_SET, obj=agency, before=before,
                 after=snapshot(agency, STANDING_FIELDS))
    _notify_members(agency, _describe(agency))
    return agency
