"""Time-driven transitions: the registration window's close and the end of publicity.

Nothing waits for a scheduler to fire on time: `manage.py advance_jobs` applies every due
transition, and pages call `refresh_job` for the job they show. Each transition function locks
the job and checks again whether it is due, so running late, twice, or concurrently with a page
gives the same state and one audit entry per transition.
"""
import logging

from django.utils import timezone

from ..models import Job
from .closing import job_close_if_due
from .reminders import due_for_reminder, job_remind_closing_if_due

logger = logging.getLogger(__name__)


def _publicity_end_if_due(job_id, now):
    # publicity.py is written alongside this module; import on use so either loads first.
    from .publicity import publicity_end_if_due

    return publicity_end_if_due(job_id, now=now)


def _due_to_close(now):
    return Job.objects.filter(status=Job.Status.PUBLISHED, closes_at__lte=now)


def _due_to_end_publicity(now):
    return Job.objects.filter(status=Job.Status.PUBLICITY, publicity_ends_at__lte=now)


def advance_due_jobs(now=None) -> dict:
    """Apply every due transition; returns the ids of the jobs moved, by what happened."""
    now = now or timezone.now()
    done = {"reminded": [], "closed": [], "failed": [], "publicity_ended": [], "errors": []}
    for job_id in due_for_reminder(now).order_by("closes_at", "pk").values_list("pk", flat=True):
        _apply(done, "reminded", job_id, lambda: job_remind_closing_if_due(job_id, now=now))
    for job_id in _due_to_close(now).order_by("closes_at", "pk").values_list("pk", flat=True):
        _apply(done, "closed", job_id, lambda: job_close_if_due(job_id, now=now))
    if done["closed"]:
        done["failed"] = list(
            Job.objects.filter(pk__in=done["closed"], status=Job.Status.FAILED).values_list("pk", flat=True))
    for job_id in _due_to_end_publicity(now).order_by("publicity_ends_at", "pk").values_list("pk", flat=True):
        _apply(done, "publicity_ended", job_id, lambda: _publicity_end_if_due(job_id, now))
    return done


def _apply(done, key, job_id, transition):
    # One job's failure must not hold up the others; it is logged and tried again next run.
    try:
        if transition():
            done[key].append(job_id)
    except Exception:
        logger.exception("advancing job %s failed", job_id)
        done["errors"].append(job_id)


def refresh_job(job_id) -> None:
    """Bring one job up to date with the clock before a page shows it."""
    now = timezone.now()
    job = Job.objects.filter(pk=job_id).values("status", "closes_at", "publicity_ends_at").first()
    if job is None:
        return
    if job["status"] == Job.Status.PUBLISHED and job["closes_at"] and job["closes_at"] <= now:
        job_close_if_due(job_id, now=now)
    elif job["status"] == Job.Status.PUBLICITY and job["publicity_ends_at"] and job["publicity_ends_at"] <= now:
        _publicity_end_if_due(job_id, now)
