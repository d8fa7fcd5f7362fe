"""Publicity (结果公示) and the award that follows a clean publicity period.

`publicity_start` is called by the selection services inside their transaction.
`publicity_end_if_due` is time-driven: the scheduled clock and page access call it; it is
idempotent, so running it late or twice does no harm.
"""
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.navigation import page_url
from core.notifications import notify
from core.workdays import calendar_from_db
from providers.access import members_of

from .. import states
from ..models import Bid, Job, Objection
from ..selectors.selection import blocking_objections

# How long a bidder has to escalate after the owner's answer (see objections.py).
ESCALATION_WORKING_DAYS = 3


def public_link(job):
    """The job's public notice: the one link every notice about a job's result points to."""
    return page_url("job_notice", job.pk)


def bidder_org_ids(job):
    """The agencies whose bids were judged at the close (valid or invalid): a result's recipients."""
    judged = Bid.objects.filter(job=job, status__in=(Bid.Status.VALID, Bid.Status.INVALID))
    return set(judged.values_list("agency_id", flat=True))


def publicity_start(job, *, now):
    """Start the publicity period of a just-selected job (its row already locked by the caller)."""
    states.move(job, "start_publicity")
    job.publicity_ends_at = calendar_from_db().end_of_working_days(now, settings.PUBLICITY_WORKING_DAYS)
    job.save(update_fields=["status", "publicity_ends_at", "updated_at"])
    return job


def escalation_deadline(objection, calendar=None):
    """The last moment the objector may escalate after the owner's answer."""
    calendar = calendar or calendar_from_db()
    return calendar.end_of_working_days(objection.answered_at, ESCALATION_WORKING_DAYS)


def _close_lapsed_answers(job, now):
    """Answered objections whose escalation time has passed without an escalation are settled:
    they stop holding up the award."""
    calendar = calendar_from_db()
    for objection in Objection.objects.select_for_update().filter(job=job, status=Objection.Status.ANSWERED):
        if escalation_deadline(objection, calendar) < now:
            objection.status = Objection.Status.CLOSED
            objection.save(update_fields=["status"])
            audit_record(actor=None, action=Action.OBJECTION_LAPSE, obj=objection,
                         before={"status": Objection.Status.ANSWERED}, after={"status": Objection.Status.CLOSED})


@transaction.atomic
def publicity_end_if_due(job_id, *, now=None) -> bool:
    """Award the job if its publicity period is over and no objection is still open. True when
    this call awarded it."""
    now = now or timezone.now()
    job = Job.objects.select_for_update(of=("self",)).select_related("winner__agency").get(pk=job_id)
    if not states.publicity_over(job, now):
        return False
    _close_lapsed_answers(job, now)
    if blocking_objections(job).exists():
        return False
    states.move(job, "award")
    job.awarded_at = now
    job.save(update_fields=["status", "awarded_at", "updated_at"])
    audit_record(actor=None, action=Action.JOB_AWARD, obj=job,
                 before={"status": Job.Status.PUBLICITY},
                 after={"status": job.status, "winner": job.winner_id, "awarded_at": now})
    notify(
        members_of({job.owner_id} | bidder_org_ids(job)),
        title=_("中选结果已确定：%(title)s") % {"title": job.title},
        body=_("公示期结束且无未办结的异议，%(agency)s 确定为中选机构。") % {"agency": job.winner.agency.name},
        link=public_link(job),
    )
    return True
