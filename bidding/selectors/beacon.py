"""Reads about the public beacon value of a job's draws (bidding/beacon.py, services/beacon.py).

`may_draw` is the one home of "this job's selection can involve a draw": the random method
always, lowest price, comprehensive scoring and quote comparison when bids tie; direct
selection never. `awaiting_invitation_draw` is the one home of "this quote comparison's
invitation draw waits for its beacon value" (DrawBeacon stage INVITATION).
"""
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.selectors.regulators import regulator_for

from .. import beacon as sources
from ..models import Draw, DrawBeacon, Job

M = Job.Method
Stage = DrawBeacon.Stage
METHODS_WITH_DRAW = (M.RANDOM, M.LOWEST_PRICE, M.SCORING, M.QUOTE, M.AUCTION, M.BEST_PRICE, M.CREDIT_DRAW)


def may_draw(job) -> bool:
    return job.selection_method in METHODS_WITH_DRAW


def invitation_drawn(job) -> bool:
    return Draw.objects.filter(job=job, purpose=Draw.Purpose.INVITATION).exists()


def awaiting_invitation_draw(job, beacon) -> bool:
    """A quote comparison on fiscal funds, open for bids, whose candidates' list is fixed
    (`beacon`, stage INVITATION, requested) and whose invitation draw has not run yet."""
    return (job.selection_method == M.QUOTE and job.fiscal_funds and job.status == Job.Status.PUBLISHED
            and beacon is not None and beacon.stage == Stage.INVITATION and beacon.requested_at is not None
            and not invitation_drawn(job))


def beacon_after(job, beacon, stage=Stage.CLOSE):
    """The moment the beacon value must come after: the close, or for the invitation draw the
    moment the candidates' list was fixed."""
    if stage == Stage.INVITATION:
        return beacon.requested_at
    return job.closes_at


RANDOM_VALUE_NOTES = {
    M.RANDOM: gettext_lazy("您的随机值将参与公开抽取，请妥善保存"),
    M.LOWEST_PRICE: gettext_lazy("报价相同需要排序时，您的随机值将参与公开抽取，请妥善保存"),
    M.SCORING: gettext_lazy("综合得分相同需要排序时，您的随机值将参与公开抽取，请妥善保存"),
    M.QUOTE: gettext_lazy("评审总分相同需要排序时，您的随机值将参与公开抽取，请妥善保存"),
    M.BEST_PRICE: gettext_lazy("与参考价差距相同需要排序时，您的随机值将参与公开抽取，请妥善保存"),
    M.CREDIT_DRAW: gettext_lazy("入围机构由公开抽取产生，您的随机值将参与抽取，请妥善保存"),
    M.AUCTION: gettext_lazy("竞价结束后最低报价相同需要排序时，您的随机值将参与公开抽取，请妥善保存"),
}


def random_value_note(job):
    """What a bidder is told about its random value: nothing where no draw can happen."""
    return RANDOM_VALUE_NOTES.get(job.selection_method, "")


def with_random_value_note(message, job):
    """`message` followed by the note on the random value, where the job's method can draw."""
    note = random_value_note(job)
    return _("%(message)s%(note)s。") % {"message": message, "note": note} if note else message


def configured_source() -> str:
    source = getattr(settings, "DRAW_BEACON", sources.REGULATORS)
    if source not in sources.SOURCES:
        raise ValueError(f"DRAW_BEACON must be one of {sources.SOURCES}, not {source!r}")
    return source


def beacon_url() -> str:
    return settings.DRAW_BEACON_URL


def beacon_of(job, stage=Stage.CLOSE):
    """The job's beacon row of `stage`, or None."""
    return (DrawBeacon.objects.select_related("entered_by", "confirmed_by", "requested_by")
            .filter(job=job, stage=stage).first())


def is_fixed(beacon) -> bool:
    return beacon is not None and beacon.fixed_at is not None


def draw_needed(job, *, price_rows=(), score_rows=()) -> bool:
    """Whether the selection as it stands will draw: always for the random method, best price (K)
    and the credit-merit draw (the short list); for lowest
    price and scoring when two or more bids tie (the previews the owner's page computes)."""
    if job.selection_method in (M.RANDOM, M.BEST_PRICE, M.CREDIT_DRAW):  # always: the winner; K; the short list
        return True
    if job.selection_method == M.LOWEST_PRICE:
        return any(row.tied for row in price_rows)
    if job.selection_method in (M.SCORING, M.QUOTE):
        totals = [row.total for row in score_rows]
        return None not in totals and len(set(totals)) < len(totals)
    return False


def shown_time(moment):
    """A moment as the beacon messages show it: local time to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def wait_message(job, beacon):
    """What a draw waits for while the regulators' value is not fixed: the refusal of the draw
    services and the owner's selection page say the same."""
    if beacon is not None and beacon.stage == Stage.INVITATION:
        return _invitation_wait_message(beacon)
    close = shown_time(job.closes_at)
    if beacon is not None and beacon.entered_at:
        return _("等待公共随机数：监管人员已录入报名截止（%(close)s）后的公开号码，"
                 "须由另一名监管人员复核确认后才能抽取。") % {"close": close}
    if beacon is not None and beacon.requested_at:
        return _("等待公共随机数：已于 %(at)s 通知监管人员，录入报名截止（%(close)s）后第一期公开开奖号码"
                 "并由另一名监管人员复核后，才能抽取。") % {"at": shown_time(beacon.requested_at), "close": close}
    return _("等待公共随机数：抽取须使用报名截止（%(close)s）后第一期公开开奖号码，由一名监管人员录入、另一名复核。"
             "请在选取页面通知监管人员。") % {"close": close}


def _invitation_wait_message(beacon):
    fixed = shown_time(beacon.requested_at)
    if beacon.entered_at:
        return _("等待公共随机数：监管人员已录入候选名单确定（%(at)s）后的公开号码，"
                 "须由另一名监管人员复核确认后才能抽取邀请机构。") % {"at": fixed}
    return _("等待公共随机数：候选名单已于 %(at)s 确定并已通知监管人员；录入此后第一期公开开奖号码"
             "并由另一名监管人员复核后，才能抽取邀请机构。") % {"at": fixed}


@dataclass
class BeaconState:
    """What the owner's selection page says about the beacon value."""

    job: Job
    source: str  # "drand" or "regulators"
    beacon: DrawBeacon | None
    needed: bool  # the selection as it stands will draw

    @property
    def fixed(self):
        return is_fixed(self.beacon)

    @property
    def stage(self):
        """fixed, entered (waiting for the second regulator), requested, or none."""
        if self.fixed:
            return "fixed"
        if self.beacon is not None and self.beacon.entered_at:
            return "entered"
        if self.beacon is not None and self.beacon.requested_at:
            return "requested"
        return "none"

    @property
    def waiting(self):
        """The draw cannot run yet: regulators' value not fixed."""
        return self.needed and not self.fixed and self.source == sources.REGULATORS

    @property
    def can_request(self):
        return self.waiting and self.stage == "none"

    @property
    def url(self):
        return beacon_url()

    @property
    def message(self):
        return wait_message(self.job, self.beacon) if self.waiting else ""


def beacon_state(job, *, needed):
    return BeaconState(job=job, source=configured_source(), beacon=beacon_of(job), needed=needed and may_draw(job))


# --- the regulators' pages ---------------------------------------------------------------------

def _beacons():
    return DrawBeacon.objects.select_related("job__owner", "job__item", "entered_by", "confirmed_by", "requested_by")


def beacons_for_regulator(user):
    """(regulator, waiting, recent): beacon values still to enter or confirm on jobs awaiting
    selection, oldest close first, and the last 20 fixed ones. PermissionDenied for anyone who
    is not an active regulator."""
    regulator = regulator_for(user)
    waiting = list(
        _beacons().filter(fixed_at__isnull=True, source=DrawBeacon.Source.REGULATORS)
        .filter(Q(stage=Stage.CLOSE, job__status=Job.Status.CLOSED)
                | Q(stage=Stage.INVITATION, job__status=Job.Status.PUBLISHED))
        .order_by("job__closes_at", "pk")
    )
    recent = list(_beacons().filter(fixed_at__isnull=False).order_by("-fixed_at", "-pk")[:20])
    return regulator, waiting, recent


def job_for_beacon(job_id, user, stage=Stage.CLOSE):
    """(regulator, job, beacon or None) for the entry page: any active regulator (the value is a
    public fact, not a judgment of the job's field); a job past its close whose selection may draw
    (stage INVITATION: a published quote comparison on fiscal funds whose candidates' list is fixed)."""
    regulator = regulator_for(user)
    if stage == Stage.INVITATION:
        job = get_object_or_404(Job.objects.select_related("owner", "item").exclude(status=Job.Status.DRAFT),
                                pk=job_id, selection_method=M.QUOTE, fiscal_funds=True)
        beacon = beacon_of(job, stage)
        if beacon is None:
            raise PermissionDenied
        return regulator, job, beacon
    job = get_object_or_404(
        Job.objects.select_related("owner", "item").exclude(status__in=[Job.Status.DRAFT, Job.Status.PUBLISHED]),
        pk=job_id,
    )
    if not may_draw(job):
        raise PermissionDenied
    return regulator, job, beacon_of(job)


@dataclass
class RegulatorView:
    """What the entry page offers one regulator (the services judge again under the lock)."""

    can_enter: bool  # no fixed value yet on a job awaiting selection
    can_confirm: bool  # an entry by another regulator waits for confirmation
    show_value: bool  # the typed number: to its author, and to everyone once fixed
    source: str


def regulator_view(job, beacon, user, stage=Stage.CLOSE):
    source = configured_source()
    if stage == Stage.INVITATION:
        awaiting = awaiting_invitation_draw(job, beacon)
    else:
        awaiting = job.status == Job.Status.CLOSED and may_draw(job)
    open_for_entry = source == sources.REGULATORS and awaiting and not is_fixed(beacon)
    entered = beacon is not None and beacon.entered_at is not None
    return RegulatorView(
        can_enter=open_for_entry,
        can_confirm=open_for_entry and entered and beacon.entered_by_id != user.pk,
        show_value=is_fixed(beacon) or (entered and beacon.entered_by_id == user.pk),
        source=source,
    )
