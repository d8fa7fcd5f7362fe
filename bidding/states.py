"""The job's life as data: which status may follow which, and by which operation.

`move(job, operation)` is the one place a job's status changes; services call it after their
own checks, inside their transaction, with the job row locked.
"""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .models import Job

S = Job.Status

# operation -> (allowed from, to)
TRANSITIONS = {
    "publish": ({S.DRAFT}, S.PUBLISHED),
    "cancel": ({S.DRAFT, S.PUBLISHED, S.CLOSED, S.SELECTED, S.PUBLICITY}, S.CANCELLED),
    "close": ({S.PUBLISHED}, S.CLOSED),
    "fail": ({S.CLOSED, S.SELECTED, S.PUBLICITY}, S.FAILED),
    "select": ({S.CLOSED}, S.SELECTED),
    "start_publicity": ({S.SELECTED}, S.PUBLICITY),
    "reopen_selection": ({S.PUBLICITY, S.SELECTED}, S.CLOSED),
    "award": ({S.PUBLICITY}, S.AWARDED),
    "contract": ({S.AWARDED}, S.CONTRACTED),
    "start_service": ({S.CONTRACTED}, S.IN_SERVICE),
    "deliver": ({S.IN_SERVICE}, S.DELIVERED),
    "reject_delivery": ({S.DELIVERED}, S.IN_SERVICE),
    "accept": ({S.DELIVERED}, S.ACCEPTED),
    "complete": ({S.ACCEPTED}, S.COMPLETED),
    "terminate": ({S.AWARDED, S.CONTRACTED, S.IN_SERVICE, S.DELIVERED}, S.TERMINATED),
}

FINAL = {S.COMPLETED, S.FAILED, S.CANCELLED, S.TERMINATED}
# Statuses in which bids are sealed: nobody but their authors may read them.
SEALED = {S.DRAFT, S.PUBLISHED}


class InvalidTransition(DomainError):
    pass


def allowed(job, operation):
    sources, _target = TRANSITIONS[operation]
    return job.status in sources


def move(job, operation):
    """Set the job's status for `operation`, or raise InvalidTransition. Returns the old status."""
    sources, target = TRANSITIONS[operation]
    if job.status not in sources:
        raise InvalidTransition(
            _("当前状态“%(status)s”下不能执行此操作。") % {"status": job.get_status_display()}
        )
    old = job.status
    job.status = target
    return old


def bids_sealed(job):
    return job.status in SEALED
