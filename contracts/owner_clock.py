"""Clocks on both sides (双向计时): the owner's own timed steps and what they do to the agency's
service clock. Pure functions of stored rows, a work calendar and `now`: the contract page, the
owner's public record, `advance_contracts` and the services all call these, so they compute the
same numbers.

The owner's steps (contracts.models.OwnerStep), each with the working days it has:

- sign (签订合同): from the award (job.awarded_at; for a runner-up, its own award) the owner has
  OWNER_SIGN_WORKING_DAYS to draft, offer and sign the contract; done with the owner's signature.
  A later return of the text by the agency does not reopen it.
- decide_delivery (验收成果): from a delivery's submission until its review deadline (the
  contract's acceptance days); done with the acceptance or the rejection. A delivery not decided
  by then counts as accepted (outcome "lapsed") — the owner's failure to decide is on its record.
- pay_milestone (支付节点价款): a milestone's payment falls due when the milestone is accepted
  (保障中小企业款项支付条例: payment follows acceptance); the owner has OWNER_PAY_WORKING_DAYS,
  done when the money is paid into the platform or recorded as paid offline. A milestone paid
  before its acceptance is on time (0 days).

Late days are working days: the working days after the local date of `due_at` up to and including
the local date the step was done (or today, while it is open). The agency's service clock runs
from service_clock_start to the last accepted delivery (contracts.services.completion); the
working days in that span on which any owner step was late do not count against the agency
(a day on which two steps were late is excluded once).
"""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone


def sign_days() -> int:
    """The owner's working days to sign, from the award (settings.OWNER_SIGN_WORKING_DAYS)."""
    return settings.OWNER_SIGN_WORKING_DAYS


def pay_days() -> int:
    """The owner's working days to pay a milestone, from its acceptance (settings.OWNER_PAY_WORKING_DAYS)."""
    return settings.OWNER_PAY_WORKING_DAYS


def _local(moment):
    return timezone.localdate(moment)


def service_clock_start(contract) -> datetime.date:
    """The day the service time starts counting: the signing, or the agreed start date if later.
    Not the agency's own "start" (it could wait to look fast)."""
    signed = timezone.localdate(contract.signed_at)
    try:
        agreed = datetime.date.fromisoformat(contract.values.get("start_date", ""))
    except ValueError:
        return signed
    return max(signed, agreed)


def step_end(step, now):
    """The moment the step's clock stops: its done_at, else now. A delivery undecided by its
    deadline counts as accepted at the deadline, whenever the clock got to it."""
    if step.outcome == "lapsed":
        return min(step.done_at, step.due_at)
    return step.done_at or now


def late_days(calendar, due_at, end) -> int:
    """Working days past `due_at` up to `end` (0 when `end` is not past it)."""
    if end <= due_at:
        return 0
    return calendar.working_days_between(_local(due_at), _local(end))


def late_dates(calendar, due_at, end) -> set:
    """The working days (dates) on which a step due at `due_at` and done at `end` was late."""
    if end <= due_at:
        return set()
    day, last, dates = _local(due_at), _local(end), set()
    while day < last:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            dates.add(day)
    return dates


def step_late_days(calendar, step, now) -> int:
    """The step's late days as of `now` (what the clock stores while it is open)."""
    return late_days(calendar, step.due_at, step_end(step, now))


def step_days_taken(calendar, step, now) -> int:
    """Working days the owner took (or has taken so far): after the start's date up to the end's."""
    return calendar.working_days_between(_local(step.started_at), _local(step_end(step, now)))


@dataclass(frozen=True)
class ServiceClock:
    """The agency's service time in working days: the span, the owner's late days inside it, and
    what counts against the agency (span − owner's late days)."""

    span: int
    owner_late: int

    @property
    def agency(self) -> int:
        return self.span - self.owner_late


def owner_late_dates(calendar, steps, now) -> set:
    dates = set()
    for step in steps:
        dates |= late_dates(calendar, step.due_at, step_end(step, now))
    return dates


def service_clock(calendar, start: datetime.date, end: datetime.date, steps, now) -> ServiceClock:
    """The agency's clock from `start` (not counted) to `end` (counted), with the working days on
    which an owner step was late taken out."""
    span = calendar.working_days_between(start, end)
    inside = {d for d in owner_late_dates(calendar, steps, now) if start < d <= end}
    return ServiceClock(span=span, owner_late=len(inside))
