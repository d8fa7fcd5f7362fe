"""Quote comparison (询比): the invitations before the close and the selection after it. The
rules and the computation are in selectors/quote.py; eligibility._invitation_refusal lets only
the invited agencies quote.

Invitations, while the job takes bids (PUBLISHED, the close not yet due), by a member of the owner:
- fiscal funds, two steps: `invitation_pool_fix` fixes the candidates' list (the agencies that
  offer the item, may bid and are not at capacity) and asks for the public beacon value fixed
  after it (DrawBeacon stage INVITATION; the regulators are notified where they enter it);
  `invitation_draw_run` then draws (bidding.draw, purpose INVITATION, values = the candidates'
  unified social credit codes) and invites the first `invitees` of the ranking. Never by hand.
- other funds: `invitations_choose`, the owner's choice of agencies offering the item, at least
  `invitees` in all (more may be added while the job takes bids).
Each invited agency's members are notified; the job is in their opportunities.

After the close: `quote_scores_enter` records the owner's scores per published criterion
(Bid.criteria_scores); `select_quote` ranks by the weighted total (ties by a TIE_BREAK draw) and
finishes like every method (services/selection.py `_finish`).
"""
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from core.text import enumeration
from providers.access import is_member, members_of

from .. import draw, states
from ..eligibility import agency_facts, bid_refusal
from ..errors import (
    AgencyNotInvitable,
    BidNotValidForJob,
    InvitationCandidatesTooFew,
    InvitationChoiceEmpty,
    InvitationDrawAlreadyRun,
    InvitationNotQuote,
    InvitationPoolAlreadyFixed,
    InvitationPoolNotFixed,
    InvitationsChosenByOwner,
    InvitationsClosed,
    InvitationsDrawnOnly,
    InvitationTooFew,
    OwnerMembersOnly,
    QuoteScoreInvalid,
    QuoteScoresIncomplete,
)
from ..method_params import params_of
from ..models import Bid, Draw, DrawBeacon, Job, JobInvitation
from ..selectors.beacon import configured_source
from ..selectors.quote import (
    candidate_value,
    criteria,
    invitation_candidates,
    invited_values,
    offering_agencies,
    parse_score,
    quote_total,
)
from ..selectors.selection import groups_by
from .beacon import fixed_beacon, notify_regulators_to_enter
from .closing import fail_if_too_few
from .selection import _finish, _locked_job_for_selection, _order_groups, _reveal_seed, _set_ranks, _valid_bids_locked

M = Job.Method
Stage = DrawBeacon.Stage


# --- invitations --------------------------------------------------------------------------------

def _locked_for_invitations(actor, job, now):
    job = Job.objects.select_for_update(of=("self",)).select_related("item").get(pk=job.pk)
    if not is_member(actor, job.owner_id):
        raise OwnerMembersOnly()
    if job.selection_method != M.QUOTE:
        raise InvitationNotQuote()
    if job.status != Job.Status.PUBLISHED or states.close_due(job, now):
        raise InvitationsClosed()
    return job


def _at_capacity_ids(agency_ids, item):
    try:  # part D's capacity rule (selectors/capacity.py)
        from ..selectors.capacity import at_capacity_ids
    except ImportError:  # pragma: no cover - before capacity exists
        return set()
    return set(at_capacity_ids(agency_ids, item))


def _refusals(job, agencies, now):
    """{agency id: why it may not be invited, or None}: the bidding rules without the invitation
    itself (eligibility.bid_refusal), and capacity."""
    full = _at_capacity_ids([agency.pk for agency in agencies], job.item)
    refusals = {}
    for agency in agencies:
        reason = bid_refusal(agency, job, at=now, facts=agency_facts(agency, job_ids=[job.pk]), invitation=False)
        if reason is None and agency.pk in full:
            reason = _("已达到申报的承接能力。")
        refusals[agency.pk] = reason
    return refusals


def _invite(actor, job, agencies, *, drawn, now):
    rows = JobInvitation.objects.bulk_create([
        JobInvitation(job=job, agency=agency, drawn=drawn, invited_at=now, invited_by=actor) for agency in agencies])
    audit_record(actor=actor, action=Action.JOB_INVITE, obj=job, before=None, after={
        "drawn": drawn, "agencies": [[agency.pk, agency.name] for agency in agencies]})
    closes = timezone.localtime(job.closes_at).strftime("%Y-%m-%d %H:%M")
    notify(members_of({agency.pk for agency in agencies}),
           title=_("询比邀请：%(title)s") % {"title": job.title},
           body=_("贵机构受邀参加“%(title)s”的询比报价（%(how)s），请在 %(closes)s 前提交报价。") % {
               "title": job.title, "closes": closes,
               "how": _("随机抽取产生") if drawn else _("业主邀请")},
           link=reverse("bidding:bid_form", args=[job.pk]))
    return rows


@transaction.atomic
def invitation_pool_fix(*, actor, job):
    """Fiscal funds: fix the list of candidates the invitation draw will draw from, and ask for
    the public beacon value fixed after it. Returns the DrawBeacon row (stage INVITATION)."""
    now = timezone.now()
    job = _locked_for_invitations(actor, job, now)
    if not job.fiscal_funds:
        raise InvitationsChosenByOwner()
    if DrawBeacon.objects.filter(job=job, stage=Stage.INVITATION).exists():
        raise InvitationPoolAlreadyFixed()
    agencies = list(offering_agencies(job))
    refusals = _refusals(job, agencies, now)
    candidates = [agency for agency in agencies if refusals[agency.pk] is None]
    invitees = params_of(job)["invitees"]
    if len(candidates) < invitees:
        raise InvitationCandidatesTooFew(
            _("提供本服务事项、可以报名且未达到承接能力的机构只有 %(count)s 家，少于公布的邀请家数 %(n)s 家，"
              "无法抽取。可以撤销本公告后改用其他选取方式。") % {"count": len(candidates), "n": invitees})
    values = draw.published_order([candidate_value(agency) for agency in candidates])
    source = configured_source()
    try:
        with transaction.atomic():
            beacon = DrawBeacon.objects.create(job=job, stage=Stage.INVITATION, source=source, pool=values,
                                               requested_by=actor, requested_at=now)
    except IntegrityError:
        raise InvitationPoolAlreadyFixed() from None
    audit_record(actor=actor, action=Action.JOB_INVITATION_POOL_FIX, obj=job, before=None, after={
        "candidates": values, "invitees": invitees,
        "excluded": {agency.uscc: refusals[agency.pk] for agency in agencies if refusals[agency.pk]}})
    if source == DrawBeacon.Source.REGULATORS:
        notify_regulators_to_enter(job, Stage.INVITATION, after=now)
    return beacon


@transaction.atomic
def invitation_draw_run(*, actor, job):
    """Fiscal funds: draw the invitees from the fixed list with the beacon value fixed after it
    (BeaconPending until then) and invite the first `invitees` of the ranking."""
    now = timezone.now()
    job = _locked_for_invitations(actor, job, now)
    if not job.fiscal_funds:
        raise InvitationsChosenByOwner()
    beacon = DrawBeacon.objects.select_for_update().filter(job=job, stage=Stage.INVITATION).first()
    if beacon is None:
        raise InvitationPoolNotFixed()
    if Draw.objects.filter(job=job, purpose=Draw.Purpose.INVITATION).exists():
        raise InvitationDrawAlreadyRun()
    beacon = fixed_beacon(actor=actor, job=job, now=now, stage=Stage.INVITATION)
    _reveal_seed(job, now)
    values = draw.published_order(beacon.pool)
    result = draw.run(job.draw_seed, values, beacon=beacon.value, version=draw.VERSION)
    row = Draw.objects.create(
        job=job, purpose=Draw.Purpose.INVITATION, version=result.version, seed=job.draw_seed, beacon=result.beacon,
        pool=result.pool, values=values, ranking=result.ranking, performed_at=now, performed_by=actor)
    # The candidates as the list was fixed (one that stopped offering the item since is still invited:
    # the bidding rules judge its quote).
    candidates = invitation_candidates(job, beacon)
    chosen = invited_values(row, params_of(job)["invitees"])
    _invite(actor, job, [candidates[value].agency for value in chosen], drawn=True, now=now)
    return row


@transaction.atomic
def invitations_choose(*, actor, job, agencies):
    """Other funds: invite the chosen agencies (ids or Organisations) that offer the item; at
    least `invitees` invited in all."""
    now = timezone.now()
    job = _locked_for_invitations(actor, job, now)
    if job.fiscal_funds:
        raise InvitationsDrawnOnly()
    ids = {getattr(agency, "pk", agency) for agency in agencies or []}
    if not ids:
        raise InvitationChoiceEmpty(field="agencies")
    offering = {agency.pk: agency for agency in offering_agencies(job)}
    already = set(JobInvitation.objects.filter(job=job).values_list("agency_id", flat=True))
    chosen = []
    for agency_id in sorted(ids):
        agency = offering.get(agency_id)
        if agency is None:
            raise AgencyNotInvitable(_("所选机构不提供本服务事项，不能邀请。"), field="agencies")
        if agency_id in already:
            raise AgencyNotInvitable(_("“%(name)s”已受邀请。") % {"name": agency.name}, field="agencies")
        chosen.append(agency)
    refusals = _refusals(job, chosen, now)
    for agency in chosen:
        if refusals[agency.pk]:
            raise AgencyNotInvitable(_("不能邀请“%(name)s”：%(reason)s") % {
                "name": agency.name, "reason": refusals[agency.pk]}, field="agencies")
    invitees = params_of(job)["invitees"]
    if len(already) + len(chosen) < invitees:
        raise InvitationTooFew(_("询比须邀请不少于 %(n)s 家机构，本次邀请后共 %(count)s 家。") % {
            "n": invitees, "count": len(already) + len(chosen)}, field="agencies")
    return _invite(actor, job, chosen, drawn=False, now=now)


# --- after the close -------------------------------------------------------------------------------

@transaction.atomic
def quote_scores_enter(*, actor, job, scores):
    """Record the owner's scores {bid id: {criterion name: score}}: every published criterion of
    each bid given, each 0–100 with at most two decimals."""
    job = _locked_job_for_selection(actor, job, M.QUOTE)
    bids = {bid.pk: bid for bid in _valid_bids_locked(job)}
    published = criteria(job)
    changed, before = [], {}
    for key, given in scores.items():
        bid = bids.get(int(key))
        if bid is None:
            raise BidNotValidForJob()
        entered = {}
        for index, (name, _weight) in enumerate(published):
            score = parse_score((given or {}).get(name, ""))
            if score is None:
                raise QuoteScoreInvalid(
                    _("“%(agency)s”的“%(criterion)s”得分须为 0～100 之间的数，最多两位小数。") % {
                        "agency": bid.agency.name, "criterion": name}, field=f"score_{bid.pk}_{index}")
            entered[name] = str(score)
        before[bid.pk] = bid.criteria_scores
        bid.criteria_scores = entered
        changed.append(bid)
    Bid.objects.bulk_update(changed, ["criteria_scores"])
    audit_record(actor=actor, action=Action.JOB_CRITERIA_SCORES, obj=job, before={"criteria_scores": before},
                 after={"criteria_scores": {bid.pk: bid.criteria_scores for bid in changed}})
    return job


@transaction.atomic
def select_quote(*, actor, job):
    """Rank the valid quotes by weighted total (ties by a TIE_BREAK draw); the first wins."""
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, M.QUOTE)
    bids = _valid_bids_locked(job)
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    totals = {bid.pk: quote_total(job, bid.criteria_scores) for bid in bids}
    missing = [bid.agency.name for bid in bids if totals[bid.pk] is None]
    if missing:
        raise QuoteScoresIncomplete(_("以下有效报价尚未录入全部评审因素的得分：%(names)s。") % {
            "names": enumeration(missing)})
    for bid in bids:
        bid.total_score = totals[bid.pk]
    ranked = _order_groups(actor, job, groups_by(bids, lambda bid: -totals[bid.pk]), now)
    _set_ranks(ranked, ["total_score"])
    winner = ranked[0]
    reason = _("询比：按公布的评审因素和权重，评审总分最高者中选（%(total)s 分）。") % {"total": winner.total_score}
    return _finish(actor, job, winner, reason, Action.JOB_SELECT_QUOTE, {
        "ranking": [[bid.pk, str(bid.total_score)] for bid in ranked],
        "scores": {bid.pk: bid.criteria_scores for bid in ranked}}, now)
