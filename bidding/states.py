"""The job's life as data: which status may follow which, by which operation, and what the
clock implies.

`move(job, operation)` is the one place a job's status changes; services call it after their
own checks, inside their transaction, with the job row locked.

The rules that judge a job (is the window open, are its bids sealed, is the close due, may it be
re-announced) live here too, as pure functions of the stored job and `now`. Pages call them to
show what the clock implies without writing anything; services call the same functions under the
row lock; the scheduled command (`advance_jobs`) and the first service that touches a due job do
the writes.
"""
import datetime

from django.conf import settings
from django.db.models import Q
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
    # The winner refused to sign: the runner-up of the published ranking is announced in a new
    # publicity period (contracts/services/refusal.py).
    "award_runner_up": ({S.AWARDED}, S.PUBLICITY),
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


# --- what the clock implies (pure: no query, no write) ------------------------------------------

def window_open(job, now) -> bool:
    """Bids may be submitted, changed and withdrawn: published and before the close, by the
    server's clock."""
    return job.status == S.PUBLISHED and job.closes_at is not None and now < job.closes_at


def window_open_q(now) -> Q:
    """`window_open` as a query filter."""
    return Q(status=S.PUBLISHED, closes_at__gt=now)


def close_due_q(now) -> Q:
    """`close_due` as a query filter."""
    return Q(status=S.PUBLISHED, closes_at__lte=now)


def publicity_over_q(now) -> Q:
    """`publicity_over` as a query filter."""
    return Q(status=S.PUBLICITY, publicity_ends_at__lte=now)


def close_due(job, now) -> bool:
    """The window has passed but the close (judging the bids) has not been applied yet."""
    return job.status == S.PUBLISHED and job.closes_at is not None and job.closes_at <= now


# --- the last second before the close --------------------------------------------------------
# A bid counts at the moment the server received it (core.clock.received_at), not when it got
# the job's lock: in a storm of last-second bids many wait behind each other. It is kept if it
# was received while the window was open and is processed within a short grace after the close;
# beyond the grace it is refused, so slow requests cannot hold the window open. The close is
# applied only once the grace has passed, so no bid is accepted after the close judged the others.

def close_grace() -> datetime.timedelta:
    """How long after the close a bid received before it may still be processed
    (settings.BID_CLOSE_GRACE_SECONDS, 30 seconds by default: a storm of a few hundred bids in
    the last second takes a small, busy server some 15 seconds to work through — see the storm
    benchmark in benchmarks/RESULTS.md — and the close is applied by the minute anyway)."""
    return datetime.timedelta(seconds=getattr(settings, "BID_CLOSE_GRACE_SECONDS", 30))


def accepts_bid_received_at(job, received, now) -> bool:
    """A bid, a change or a withdrawal received at `received` and processed at `now` counts:
    the window was open when it was received, and the grace after the close has not run out
    (nor has the close been applied: the job is still published)."""
    return window_open(job, received) and now < job.closes_at + close_grace()


def close_applicable(job, now) -> bool:
    """The close may be applied (the bids judged): the window has passed and so has the grace
    for bids received before it."""
    return close_due(job, now - close_grace())


def close_applicable_q(now) -> Q:
    """`close_applicable` as a query filter."""
    return close_due_q(now - close_grace())


def publicity_over(job, now) -> bool:
    """The publicity period has run out (the award still waits for open objections)."""
    return job.status == S.PUBLICITY and job.publicity_ends_at is not None and job.publicity_ends_at <= now


def in_publicity(job, now) -> bool:
    """The result is in publicity and objections may be raised."""
    return job.status == S.PUBLICITY and job.publicity_ends_at is not None and now < job.publicity_ends_at


def shown_status(job, now, *, objections_open=None):
    """The status a reader should see: a passed window shows as closed, and a publicity period
    that ran out with no open objection (`objections_open` False) shows as awarded, even before
    the scheduled command has moved the row."""
    if close_due(job, now):
        return S.CLOSED
    if publicity_over(job, now) and objections_open is False:
        return S.AWARDED
    return S(job.status)


def next_change(job, now):
    """The next moment after `now` at which what the clock implies for the job changes by
    itself (the window closes, the publicity ends), or None: a page showing the job holds
    until then."""
    moments = []
    if job.status == S.PUBLISHED:
        moments.append(job.closes_at)
    if job.status == S.PUBLICITY:
        moments.append(job.publicity_ends_at)
    moments = [moment for moment in moments if moment is not None and moment > now]
    return min(moments, default=None)


def bids_sealed(job) -> bool:
    """Nobody but their authors may read the job's bids, not even how many there are: until the
    close has judged them. A job cancelled before its close never opens its bids."""
    return job.status in SEALED or (job.status == S.CANCELLED and job.closed_at is None)


def unsealed_q(prefix="") -> Q:
    """`bids_sealed` as a query filter: the jobs whose bids may be read (prefix: "job__" etc.)."""
    return ~Q(**{f"{prefix}status__in": list(SEALED)}) & ~Q(
        **{f"{prefix}status": S.CANCELLED, f"{prefix}closed_at__isnull": True})


REANNOUNCEABLE = {S.FAILED, S.CANCELLED}


def may_reannounce(job) -> bool:
    """A failed or cancelled job may be announced again, once. (`reannouncements.all()` uses a
    prefetch when the page's selector made one.)"""
    return job.status in REANNOUNCEABLE and not job.reannouncements.all()
