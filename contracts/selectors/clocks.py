"""Reads of the clocks on both sides (contracts.owner_clock says how they count): a contract's
owner steps and the agency's service clock for its page, and an owner's public record of its
step times and delays. Reads compute what the clock implies as of `now` and never write (the
stored late days are what `advance_contracts` last wrote; pages show the live figure)."""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workdays import calendar_from_db

from .. import owner_clock, rules
from ..models import Contract, OwnerStep

K = OwnerStep.Kind
OUT = OwnerStep.Outcome
RUNNING_JOB_STATUSES = rules.SERVICE_JOB_STATUSES


@dataclass
class StepRow:
    step: OwnerStep
    days_taken: int  # working days from the start's date to the end's (today while open)
    late_days: int  # as of now
    is_open: bool


@dataclass
class ContractClocks:
    steps: list
    service: owner_clock.ServiceClock | None  # None before the service clock starts
    running: bool  # the service is under way: the figures are as of today
    start: datetime.date | None = None


def _rows(calendar, steps, now):
    return [StepRow(step=s, days_taken=owner_clock.step_days_taken(calendar, s, now),
                    late_days=owner_clock.step_late_days(calendar, s, now), is_open=s.done_at is None)
            for s in steps]


def contract_clocks(contract, now) -> ContractClocks:
    """Both clocks of a contract: the owner's steps and the agency's service time (stored once the
    job was accepted; as of today while the service runs)."""
    calendar = calendar_from_db()
    steps = list(contract.owner_steps.all())
    rows = _rows(calendar, steps, now)
    if contract.working_days_taken is not None:
        late = contract.owner_late_days or 0
        service = owner_clock.ServiceClock(span=contract.working_days_taken + late, owner_late=late)
        return ContractClocks(steps=rows, service=service, running=False,
                              start=owner_clock.service_clock_start(contract))
    if contract.is_signed and contract.status == Contract.Status.SIGNED and contract.job.status in RUNNING_JOB_STATUSES:
        start = owner_clock.service_clock_start(contract)
        service = owner_clock.service_clock(calendar, start, max(start, timezone.localdate(now)), steps, now)
        return ContractClocks(steps=rows, service=service, running=True, start=start)
    return ContractClocks(steps=rows, service=None, running=False)


@dataclass
class KindRecord:
    kind: str
    label: str
    allowed: str  # the time the owner has, as the public reads it
    closed: int = 0  # steps done, lapsed or ended
    done: int = 0
    average_days: object = None  # working days, over the steps the owner did (Decimal, 1 place)
    longest_days: int | None = None
    on_time: int = 0
    late: int = 0  # closed or open steps with late days
    late_days: int = 0  # their late working days, in total
    lapsed: int = 0  # deliveries not decided in time (counted as accepted)
    open_late: int = 0  # open now and past their time


@dataclass
class OwnerRecord:
    kinds: list
    late_steps: list = field(default_factory=list)  # StepRow, newest due first (at most LATE_SHOWN)
    late_total: int = 0
    contracts: int = 0
    late_days_total: int = 0


LATE_SHOWN = 50


def _allowed(kind):
    if kind == K.SIGN:
        return _("自确定中选起 %(days)s 个工作日内签署合同") % {"days": owner_clock.sign_days()}
    if kind == K.DECIDE_DELIVERY:
        return _("合同约定的验收期限内验收或退回（逾期视为验收）")
    return _("节点验收后 %(days)s 个工作日内支付") % {"days": owner_clock.pay_days()}


def owner_record(owner, now) -> OwnerRecord:
    """The owner's public record of its timed steps: per kind, how many, how long (working days),
    how many on time and late, the late days in total; and the late ones, newest first. Two
    queries whatever the number of steps: the steps' times, and the late steps with their jobs."""
    calendar = calendar_from_db()
    steps = OwnerStep.objects.filter(contract__owner=owner)
    records = {kind: KindRecord(kind=kind, label=label, allowed=_allowed(kind)) for kind, label in K.choices}
    taken = {kind: [] for kind in records}
    contracts, flagged = set(), 0
    for step in steps.only("kind", "started_at", "due_at", "done_at", "outcome", "contract_id"):
        contracts.add(step.contract_id)
        record = records[step.kind]
        late = owner_clock.step_late_days(calendar, step, now)
        if step.done_at is None:
            record.open_late += late > 0
        else:
            record.closed += 1
            if step.outcome == OUT.DONE:
                record.done += 1
                taken[step.kind].append(owner_clock.step_days_taken(calendar, step, now))
            record.lapsed += step.outcome == OUT.LAPSED
            record.on_time += late == 0 and step.outcome == OUT.DONE
        if late:
            record.late += 1
            record.late_days += late
        flagged += bool(late) or step.outcome == OUT.LAPSED
    for kind, days in taken.items():
        if days:
            average = Decimal(sum(days)) / len(days)
            records[kind].average_days = average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            records[kind].longest_days = max(days)
    late_q = Q(late_days__gt=0) | Q(outcome=OUT.LAPSED) | Q(done_at__isnull=True, due_at__lt=now)
    late_steps = [row for row in _rows(calendar, steps.filter(late_q).select_related("contract__job")
                                       .order_by("-due_at", "-pk")[:LATE_SHOWN], now)
                  if row.late_days or row.step.outcome == OUT.LAPSED]
    return OwnerRecord(kinds=list(records.values()), late_steps=late_steps,
                       late_total=flagged,
                       contracts=len(contracts), late_days_total=sum(r.late_days for r in records.values()))
