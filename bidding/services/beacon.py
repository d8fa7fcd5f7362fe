"""The public beacon value a job's draws take (bidding/draw.py version 2; sources in
bidding/beacon.py). It is fixed only after the close, so the operators, who know the seed,
cannot know the result before the close either.

Source "regulators" (settings.DRAW_BEACON; for platforms without outside network):
- `beacon_request`: the owner, whose selection needs a draw, asks the regulators for it;
- `beacon_enter`: one active regulator types the public number drawn after the close (e.g. that
  evening's official lottery numbers) and where it comes from; typing again replaces an entry
  that is not confirmed yet;
- `beacon_confirm`: a second, different active regulator types the number again from the
  same public source; if it is the same, the value is fixed.
Source "drand": `fixed_beacon` reads the first round after the close when a draw needs it.

The draw services call `fixed_beacon` under the job's lock; it returns the fixed DrawBeacon or
raises BeaconPending ("等待公共随机数…"), and the draw's transaction writes nothing.

Stages (DrawBeacon.Stage): CLOSE, the value of the draws after the close (the default of every
function here); INVITATION, the value of a quote comparison's invitation draw, fixed after the
owner fixed the list of eligible agencies (services/quote.py creates that row with the list and
the request; the regulators enter and confirm it with the same functions, `stage=INVITATION`;
drand reads the first round after the list was fixed).
"""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from providers.access import active_regulator_users, is_active_regulator, is_member, members_of

from .. import beacon as sources
from .. import errors
from ..models import DrawBeacon, Job
from ..selectors.beacon import (
    awaiting_invitation_draw,
    beacon_after,
    beacon_url,
    configured_source,
    may_draw,
    shown_time,
    wait_message,
)

Source = DrawBeacon.Source
Stage = DrawBeacon.Stage


def _lock(job, stage=Stage.CLOSE):
    job = Job.objects.select_for_update(of=("self",)).select_related("owner").get(pk=job.pk)
    beacon = DrawBeacon.objects.select_for_update().filter(job=job, stage=stage).first()
    return job, beacon


def _require_regulator(actor, refusal):
    if not is_active_regulator(actor):
        raise refusal()


def _require_awaiting_draw(job, beacon, stage=Stage.CLOSE):
    if stage == Stage.INVITATION:
        if not awaiting_invitation_draw(job, beacon):
            raise errors.BeaconNotNeeded()
    elif job.status != Job.Status.CLOSED or not may_draw(job):
        raise errors.BeaconNotNeeded()
    if configured_source() != sources.REGULATORS:
        raise errors.BeaconNotFromRegulators()
    if beacon is not None and beacon.fixed_at:
        raise errors.BeaconAlreadyFixed()


def _value(text):
    try:
        return sources.normalise_value(text)
    except ValueError:
        raise errors.BeaconValueInvalid(field="value") from None


def _active_regulators(exclude=None):
    return [user for user in active_regulator_users() if user != exclude]


def regulator_link(job, stage=Stage.CLOSE):
    """The regulators' entry page of the job's beacon value of `stage`."""
    if stage == Stage.INVITATION:
        return reverse("bidding_regulator:beacon_invitation", args=[job.pk])
    return reverse("bidding_regulator:beacon", args=[job.pk])


def notify_regulators_to_enter(job, stage=Stage.CLOSE, *, after):
    """Ask every active regulator to enter the public number drawn after `after`."""
    notify(_active_regulators(), title=_("请录入公共随机数：%(title)s") % {"title": job.title},
           body=_("项目“%(title)s”的抽取需要公共随机数：请一名监管人员录入 %(after)s 之后第一期公开开奖号码"
                  "（如当晚的福利彩票开奖号码）及其出处，另一名监管人员复核确认。") % {
               "title": job.title, "after": shown_time(after)},
           link=regulator_link(job, stage))


def _audit(actor, action, job, beacon, before=None):
    audit_record(actor=actor, action=action, obj=job, before=before, after={
        "source": beacon.source, "value": beacon.value, "reference": beacon.reference, "round": beacon.round,
        "fixed": bool(beacon.fixed_at)})


def _state(beacon):
    if beacon is None:
        return None
    return {"value": beacon.value, "reference": beacon.reference,
            "entered_by": beacon.entered_by_id, "confirmed_by": beacon.confirmed_by_id}


# --- regulators' entry -------------------------------------------------------------------------

@transaction.atomic
def beacon_request(*, actor, job):
    """The owner asks the regulators for the beacon value its draw needs."""
    now = timezone.now()
    job, beacon = _lock(job)
    if not is_member(actor, job.owner_id):
        raise errors.BeaconRequestByOwnerOnly()
    _require_awaiting_draw(job, beacon)
    if beacon is not None and (beacon.requested_at or beacon.entered_at):
        raise errors.BeaconAlreadyRequested()
    beacon = beacon or DrawBeacon(job=job, source=Source.REGULATORS)
    beacon.requested_by, beacon.requested_at = actor, now
    beacon.save()
    _audit(actor, Action.JOB_BEACON_REQUEST, job, beacon)
    notify(_active_regulators(), title=_("请录入公共随机数：%(title)s") % {"title": job.title},
           body=_("项目“%(title)s”已于 %(close)s 报名截止，选取需要抽取。请一名监管人员录入截止后第一期公开开奖号码"
                  "（如当晚的福利彩票开奖号码）及其出处，另一名监管人员复核确认。") % {
               "title": job.title, "close": shown_time(job.closes_at)},
           link=regulator_link(job))
    return beacon


@transaction.atomic
def beacon_enter(*, actor, job, value, reference, stage=Stage.CLOSE):
    """One regulator types the public number and its source; an entry not yet confirmed may be
    typed again (by anyone) to correct it, and then needs another regulator's confirmation."""
    now = timezone.now()
    _require_regulator(actor, errors.BeaconEntryByRegulatorOnly)
    job, beacon = _lock(job, stage)
    _require_awaiting_draw(job, beacon, stage)
    value = _value(value)
    reference = " ".join((reference or "").split())
    if not reference:
        raise errors.BeaconReferenceRequired(field="reference")
    before = _state(beacon)
    beacon = beacon or DrawBeacon(job=job, source=Source.REGULATORS)
    beacon.source = Source.REGULATORS
    beacon.value, beacon.reference = value, reference[:300]
    beacon.entered_by, beacon.entered_at = actor, now
    beacon.confirmed_by = beacon.confirmed_at = None
    beacon.save()
    _audit(actor, Action.JOB_BEACON_ENTER, job, beacon, before=before)
    notify(_active_regulators(exclude=actor), title=_("请复核公共随机数：%(title)s") % {"title": job.title},
           body=_("%(who)s 录入了项目“%(title)s”的公共随机数（%(reference)s）。"
                  "请另一名监管人员对照开奖公告再次录入以复核。") % {
               "who": actor.full_name or actor.email, "title": job.title, "reference": reference},
           link=regulator_link(job, stage))
    return beacon


@transaction.atomic
def beacon_confirm(*, actor, job, value, stage=Stage.CLOSE):
    """A second regulator types the number again; the same number fixes the beacon value."""
    now = timezone.now()
    _require_regulator(actor, errors.BeaconConfirmByRegulatorOnly)
    job, beacon = _lock(job, stage)
    _require_awaiting_draw(job, beacon, stage)
    if beacon is None or not beacon.entered_at:
        raise errors.BeaconNothingToConfirm()
    if beacon.entered_by_id == actor.pk:
        raise errors.BeaconSameRegulator()
    if _value(value) != beacon.value:
        raise errors.BeaconMismatch(field="value")
    beacon.confirmed_by, beacon.confirmed_at, beacon.fixed_at = actor, now, now
    beacon.save(update_fields=["confirmed_by", "confirmed_at", "fixed_at"])
    _audit(actor, Action.JOB_BEACON_CONFIRM, job, beacon)
    notify(members_of({job.owner_id}), title=_("公共随机数已确定：%(title)s") % {"title": job.title},
           body=_("公共随机数 %(value)s（%(reference)s）已由两名监管人员录入并复核，可以进行抽取。") % {
               "value": beacon.value, "reference": beacon.reference},
           link=reverse("bidding:quote_invitations" if stage == Stage.INVITATION else "bidding:selection",
                        args=[job.pk]))
    return beacon


# --- for the draw ------------------------------------------------------------------------------

def fixed_beacon(*, actor, job, now, stage=Stage.CLOSE):
    """The job's fixed beacon value for a draw; call with the job locked, inside the draw's
    transaction. Regulators' source: BeaconPending until confirmed. drand: reads and stores
    the first round after the close (for the INVITATION stage: after the candidates' list was
    fixed; BeaconPending before that round exists, BeaconUnavailable when the beacon cannot be
    read)."""
    beacon = DrawBeacon.objects.select_for_update().filter(job=job, stage=stage).first()
    if beacon is not None and beacon.fixed_at:
        return beacon
    if configured_source() == sources.REGULATORS:
        raise errors.BeaconPending(wait_message(job, beacon))
    url = beacon_url()
    try:
        drawn = sources.drand_round_after(url, beacon_after(job, beacon, stage), now=now)
    except sources.RoundNotYet as pending:
        if stage == Stage.INVITATION:
            raise errors.BeaconPending(
                _("等待公共随机数：公共随机信标在候选名单确定后的第一轮（第 %(round)s 轮）将于 %(at)s 产生，"
                  "之后才能抽取。") % {"round": pending.number, "at": shown_time(pending.at)}) from None
        raise errors.BeaconPending(
            _("等待公共随机数：公共随机信标在报名截止后的第一轮（第 %(round)s 轮）将于 %(at)s 产生，之后才能抽取。") % {
                "round": pending.number, "at": shown_time(pending.at)}) from None
    except sources.BeaconError:
        raise errors.BeaconUnavailable() from None
    beacon = beacon or DrawBeacon(job=job, stage=stage)
    beacon.source = Source.DRAND
    beacon.value, beacon.signature = drawn.randomness, drawn.signature
    beacon.round, beacon.round_time = drawn.number, drawn.at
    beacon.reference = sources.round_url(url, drawn.number)
    beacon.fixed_at = now
    beacon.save()
    _audit(actor, Action.JOB_BEACON_FETCH, job, beacon)
    return beacon
