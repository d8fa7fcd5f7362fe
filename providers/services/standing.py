"""A regulator sets an agency's standing (正常 / 重点关注 / 暂停参与选取 / 列入黑名单) by hand,
with a reason and, when it is temporary, an end. The credit rules will later call the same
function. The agency's members are told at once."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record, snapshot
from core.errors import DomainError, NotAllowed
from core.notifications import notify

from ..models import Organisation, Standing
from ..access import is_active_regulator
from ..standing import STANDING_ACTION

STANDING_FIELDS = ("standing", "standing_reason", "standing_since", "standing_until")


class StandingReasonRequired(DomainError):
    default_message = _("请填写调整市场状态的原因。")


class StandingInvalid(DomainError):
    default_message = _("请选择有效的市场状态。")


class StandingUntilInPast(DomainError):
    default_message = _("状态截止时间须晚于现在。")


class StandingNotAnAgency(DomainError):
    default_message = _("只有中介机构有市场状态。")


def _check(agency, standing, reason, until, now):
    if agency.kind != Organisation.Kind.AGENCY:
        raise StandingNotAnAgency()
    if standing not in Standing.values:
        raise StandingInvalid(field="standing")
    if not (reason or "").strip():
        raise StandingReasonRequired(field="reason")
    if until is not None and until <= now:
        raise StandingUntilInPast(field="until")


def _notify_members(agency, line):
    users = get_user_model().objects.filter(memberships__organisation=agency)
    notify(users, title=gettext_now("[中介超市] 机构市场状态变更"), body=line,
           link=f"/workspace/org/{agency.pk}/profile/")


def _describe(agency):
    label = Standing(agency.standing).label
    if agency.standing_until is None:
        period = gettext_now("长期") if agency.standing != Standing.ACTIVE else ""
    else:
        period = gettext_now("至 %(until)s") % {
            "until": date_format(timezone.localtime(agency.standing_until), "Y-m-d H:i")}
    return gettext_now("“%(agency)s”的市场状态已调整为：%(standing)s %(period)s。原因：%(reason)s") % {
        "agency": agency.name, "standing": label, "period": period, "reason": agency.standing_reason,
    }


@transaction.atomic
def standing_set(*, actor, agency, standing, reason, until=None) -> Organisation:
    if not is_active_regulator(actor):
        raise NotAllowed()
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
    audit_record(actor=actor, action=STANDING_ACTION, obj=agency, before=before,
                 after=snapshot(agency, STANDING_FIELDS))
    _notify_members(agency, _describe(agency))
    return agency
