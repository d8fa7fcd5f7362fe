"""Time-driven steps: the closing-soon reminder, the window's close and the end of publicity.

Nothing waits for a scheduler to fire on time, and no page writes: pages show what the clock
implies (`bidding.states.shown_status`), `manage.py advance_jobs` applies every due step, and a
service that acts on a job first applies the job's own due steps (`apply_due`). Each step locks
the job and checks again whether it is due, so running late, twice, or concurrently gives the
same state and one audit entry per step.
"""
import logging
from functools import partial

from django.utils import timezone

from .. import states
from ..models import Job
from .closing import job_close_if_due
from .publicity import publicity_end_if_due
from .reminders import due_for_reminder, job_remind_closing_if_due

logger = logging.getLogger(__name__)


def _due_to_close(now):
    return Job.objects.filter(states.close_applicable_q(now))


def _due_to_end_publicity(now):
    return Job.objects.filter(states.publicity_over_q(now))


def advance_due_jobs(now=None) -> dict:
    """Apply every due step; returns the ids of the jobs moved, by what happened."""
    now = now or timezone.now()
    done = {"reminded": [], "closed": [], "failed": [], "auctions": [], "publicity_ended": [], "errors": []}
    for job_id in due_for_reminder(now).order_by("closes_at", "pk").values_list("pk", flat=True):
        _apply(done, "reminded", job_id, partial(job_remind_closing_if_due, job_id, now=now))
    for job_id in _due_to_close(now).order_by("closes_at", "pk").values_list("pk", flat=True):
        _apply(done, "closed", job_id, partial(job_close_if_due, job_id, now=now))
    if done["closed"]:
        done["failed"] = list(
            Job.objects.filter(pk__in=done["closed"], status=Job.Status.FAILED).values_list("pk", flat=True))
    # 网上竞价: boxes that ran out, auctions that ended (services/auction.py; imported here, as it
    # builds on the selection services, which use this module).
    from .auction import advance_auctions

    done["auctions"], failed = advance_auctions(now)
    done["errors"] += failed
    for job_id in _due_to_end_publicity(now).order_by("publicity_ends_at", "pk").values_list("pk", flat=True):
        _apply(done, "publicity_ended", job_id, partial(publicity_end_if_due, job_id, now=now))
    return done


def _apply(done, key, job_id, step):
    # One job's failure must not hold up the others; it is logged and tried again next run.
    try:
        if step():
            done[key].append(job_id)
    except Exception:
        logger.exception("advancing job %s failed", job_id)
        done["errors"].append(job_id)


def apply_due(job_id, *, now=None) -> bool:
    """Apply the due steps of one job before a service acts on it (the close before a selection,
    the end of publicity before an objection or an award). True when something moved."""
    now = now or timezone.now()
    return job_close_if_due(job_id, now=now) or publicity_end_if_due(job_id, now=now)
