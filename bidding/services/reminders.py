"""The "window closing soon" notice: once per job, settings.CLOSING_SOON_HOURS before the close,
to the members of the agencies that offer the item, are not asked to stand aside, and have no
bid in yet (bidders have their receipts). Run by the clock; a second run sends nothing."""
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from providers.access import member_groups
from providers.models import Organisation

from .. import states
from ..models import Bid, Job
from .publicity import public_link


def due_for_reminder(now):
    soon = now + datetime.timedelta(hours=settings.CLOSING_SOON_HOURS)
    return Job.objects.filter(states.window_open_q(now), closing_reminded_at__isnull=True, closes_at__lte=soon)


def _agencies_to_remind(job):
    bidders = Bid.objects.filter(job=job).exclude(status=Bid.Status.WITHDRAWN).values("agency_id")
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY, services__item=job.item)
        .exclude(pk__in=job.avoidances.values("agency_id"))
        .exclude(pk__in=bidders)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def job_remind_closing_if_due(job_id, *, now=None) -> bool:
    now = now or timezone.now()
    job = Job.objects.select_for_update(of=("self",)).select_related("item").get(pk=job_id)
    if not due_for_reminder(now).filter(pk=job.pk).exists():
        return False
    job.closing_reminded_at = now
    job.save(update_fields=["closing_reminded_at", "updated_at"])
    agencies = _agencies_to_remind(job)
    closes = timezone.localtime(job.closes_at).strftime("%Y-%m-%d %H:%M")
    for users in member_groups(agencies):
        notify(users, title=_("报名即将截止：%(title)s") % {"title": job.title},
               body=_("“%(title)s”（%(item)s）将于 %(closes)s 截止报名，截止后不再接受报名。")
               % {"title": job.title, "item": job.item.name, "closes": closes},
               link=public_link(job))
    # No count: with the public list of agencies offering the item, the number reminded would
    # tell how many have bid before the close.
    audit_record(actor=None, action=Action.JOB_CLOSING_REMINDER, obj=job, after={"reminded_at": now})
    return True
