"""Every write of a random-inspection campaign (双随机、一公开); the rules are in
oversight/inspection_rules.py, the reads in oversight/selectors/inspections.py.

- campaign_create / campaign_update: a draft, by a regulator of the organising department (the
  actor's), within what the department supervises (marketplace.selectors.scope).
- campaign_announce: fixes and publishes both pools with their random values and the seed's
  commitment; refuses when fewer agencies match than are to be drawn, when the department lists
  fewer inspectors than a team needs, or when an agency could not get a team for the standing
  conflicts declared.
- campaign_beacon_enter / campaign_beacon_confirm: the public beacon value, by the same rules as a
  job's (bidding/services/beacon.py): settings.DRAW_BEACON "regulators": one active regulator
  types the first public number drawn after `draw_after`, a second one confirms it; "drand": the
  draw reads the first round after `draw_after`.
- campaign_draw: ranks both pools and makes the teams; once (the campaign's row lock).
- conflict_declare: an inspector of the pool stands aside from an agency of this campaign; after
  the draw the team takes the next inspector of the ranking. standing_conflict_declare: a
  standing declaration (former employer, relative…) that every campaign honours, also those
  already drawn whose finding for that agency is not yet recorded.
- finding_record: the result of one drawn agency (a credit event unless compliant: the audit
  entry names the finding, reviews/credit/triggers.py recomputes the agency's score).
- campaign_publish: the results, once every drawn agency has its finding.
"""
import datetime

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from bidding import beacon as sources
from bidding import draw as draw_algorithm
from bidding import errors as beacon_errors
from bidding.selectors.beacon import beacon_url, configured_source, shown_time
from core.notifications import notify
from marketplace.models import ServiceCategory
from marketplace.selectors.scope import scope_of
from providers.access import is_active_regulator, members_of
from providers.models import Organisation, Region, Regulator

from .. import inspection_rules as rules
from ..errors import inspections as errors
from ..models import CampaignEntry, InspectionAssignment, InspectionCampaign, InspectionFinding, InspectorConflict
from ..selectors.inspections import (
    agency_pool,
    campaign_conflicts,
    has_conflict,
    inspector_pool,
    standing_conflicts,
)

S = InspectionCampaign.Status
Pool = CampaignEntry.Pool


# --- helpers -----------------------------------------------------------------------------------

def _link(name, campaign):
    """The page of `campaign` named `name` in the oversight namespaces, or "" while the page does
    not exist (the notice still goes out)."""
    try:
        return reverse(name, args=[campaign.pk])
    except NoReverseMatch:
        return ""


def _regulator_link(campaign):
    return _link("oversight_regulator:inspection", campaign)


def _public_link(campaign):
    return _link("oversight:inspection", campaign)


def _regulator(actor, refusal=errors.CampaignByDepartmentOnly):
    if not is_active_regulator(actor):
        raise refusal()
    return Regulator.objects.select_related("department__region").get(user=actor)


def _lock(campaign):
    return (InspectionCampaign.objects.select_for_update(of=("self",))
            .select_related("department", "region").get(pk=campaign.pk))


def _department_regulator(actor, campaign):
    regulator = _regulator(actor)
    if regulator.department_id != campaign.department_id:
        raise errors.CampaignByDepartmentOnly()
    return regulator


def _state(campaign):
    return {"status": campaign.status, "title": campaign.title, "region": campaign.region_id,
            "categories": sorted(campaign.categories.values_list("pk", flat=True)) if campaign.pk else [],
            "agency_count": campaign.agency_count, "inspector_count": campaign.inspector_count,
            "checks": campaign.checks}


def _department_users(campaign, exclude=None):
    users = [regulator.user for regulator in Regulator.objects.filter(
        department_id=campaign.department_id, is_active=True, user__is_active=True).select_related("user")]
    return [user for user in users if user != exclude]


def _count(value, low, high, refusal, field):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise refusal(field=field) from None
    if isinstance(value, float) and value != number:
        raise refusal(field=field)
    if not low <= number <= high:
        raise refusal(field=field)
    return number


def _clean_fields(regulator, *, title, region, categories, agency_count, inspector_count, checks):
    """The draft's fields, checked; (fields, categories)."""
    title = " ".join((title or "").split())
    if not title or len(title) > 100:
        raise errors.CampaignTitleRequired(field="title")
    checks = (checks or "").strip()
    if not checks:
        raise errors.CampaignChecksRequired(field="checks")
    agency_count = _count(agency_count, 1, rules.MAX_AGENCIES, errors.CampaignAgencyCountInvalid, "agency_count")
    inspector_count = _count(inspector_count, 1, rules.MAX_INSPECTORS_PER_AGENCY,
                             errors.CampaignInspectorCountInvalid, "inspector_count")
    scope = scope_of(regulator)
    region_code = getattr(region, "pk", region)
    region = Region.objects.filter(pk=str(region_code or "")).first()
    if region is None or not region.pk.startswith(scope.region_prefix or ""):
        raise errors.CampaignRegionOutOfScope(field="region")
    ids = sorted({getattr(category, "pk", category) for category in (categories or [])} - {None, ""})
    try:
        chosen = list(ServiceCategory.objects.filter(pk__in=ids))
    except (TypeError, ValueError):
        raise errors.CampaignCategoriesRequired(field="categories") from None
    if not chosen or len(chosen) != len(ids):
        raise errors.CampaignCategoriesRequired(field="categories")
    if not scope.is_operator and any(category.pk not in scope.category_ids for category in chosen):
        raise errors.CampaignCategoryOutOfScope(field="categories")
    return dict(title=title, region=region, agency_count=agency_count, inspector_count=inspector_count,
                checks=checks), chosen


# --- drafts ------------------------------------------------------------------------------------

@transaction.atomic
def campaign_create(*, actor, title, region, categories, agency_count, inspector_count=2, checks, now=None):
    """A draft campaign of the actor's department. `region`: a Region or its code; `categories`:
    ServiceCategory objects or ids (those the department supervises; a platform operator: any)."""
    now = now or timezone.now()
    regulator = _regulator(actor)
    fields, chosen = _clean_fields(regulator, title=title, region=region, categories=categories,
                                   agency_count=agency_count, inspector_count=inspector_count, checks=checks)
    campaign = InspectionCampaign.objects.create(department=regulator.department, created_by=actor,
                                                 created_at=now, **fields)
    campaign.categories.set(chosen)
    audit_record(actor=actor, action=Action.CAMPAIGN_CREATE, obj=campaign, after=_state(campaign))
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign, title, region, categories, agency_count, inspector_count, checks):
    """Change a draft (every field at once, as the form gives them)."""
    campaign = _lock(campaign)
    regulator = _department_regulator(actor, campaign)
    if campaign.status not in rules.EDITABLE:
        raise errors.CampaignNotEditable()
    fields, chosen = _clean_fields(regulator, title=title, region=region, categories=categories,
                                   agency_count=agency_count, inspector_count=inspector_count, checks=checks)
    before = _state(campaign)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=list(fields))
    campaign.categories.set(chosen)
    audit_record(actor=actor, action=Action.CAMPAIGN_UPDATE, obj=campaign, before=before, after=_state(campaign))
    return campaign


# --- announcement ------------------------------------------------------------------------------

def _new_values(count):
    values = set()
    while len(values) < count:
        values.add(draw_algorithm.new_entry_value())
    return list(values)


@transaction.atomic
def campaign_announce(*, actor, campaign, draw_after=None, now=None):
    """Fix and publish the pools and the seed's commitment. The beacon value must come from
    after `draw_after` (default: now; never earlier than now)."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    _department_regulator(actor, campaign)
    if campaign.status != S.DRAFT:
        raise errors.CampaignWrongState()
    if draw_after is None:
        draw_after = now
    elif draw_after < now:
        raise errors.CampaignDrawAfterPast(field="draw_after")
    agencies = list(agency_pool(campaign, now).values_list("pk", flat=True))
    inspectors = list(inspector_pool(campaign).values_list("pk", flat=True))
    check = rules.check_pools(agencies, inspectors, agency_count=campaign.agency_count,
                              inspector_count=campaign.inspector_count,
                              conflicts=standing_conflicts(agencies, inspectors))
    if check.too_few_agencies:
        raise errors.CampaignTooFewAgencies(
            _("符合条件（提供所选类别服务、位于抽查地区、未被暂停或列入黑名单）的中介机构只有 %(found)s 家，"
              "少于拟抽取的 %(wanted)s 家。请减少抽取机构数，或扩大服务类别、抽查地区。") % {
                "found": check.agencies, "wanted": campaign.agency_count}, field="agency_count")
    if check.too_few_inspectors:
        raise errors.CampaignTooFewInspectors(
            _("本部门名录中的在岗执法检查人员只有 %(found)s 名，少于每家机构所需的 %(wanted)s 名。"
              "请减少每家机构的检查人员数，或由部门将更多人员列入执法检查人员名录。") % {
                "found": check.inspectors, "wanted": campaign.inspector_count}, field="inspector_count")
    if check.unstaffable:
        names = "、".join(Organisation.objects.filter(pk__in=check.unstaffable).order_by("name")
                         .values_list("name", flat=True)[:5])
        raise errors.CampaignAgencyUnstaffable(
            _("以下机构因检查人员登记的长期回避关系（如曾在该机构任职），没有回避的在岗检查人员不足 %(wanted)s 名，"
              "无法组成检查组：%(names)s。请减少每家机构的检查人员数。") % {
                "wanted": campaign.inspector_count, "names": names}, field="inspector_count")
    seed = draw_algorithm.new_seed()
    values = _new_values(len(agencies) + len(inspectors))
    CampaignEntry.objects.bulk_create(
        [CampaignEntry(campaign=campaign, pool=Pool.AGENCY, agency_id=pk, value=value)
         for pk, value in zip(agencies, values[:len(agencies)], strict=True)]
        + [CampaignEntry(campaign=campaign, pool=Pool.INSPECTOR, inspector_id=pk, value=value)
           for pk, value in zip(inspectors, values[len(agencies):], strict=True)])
    before = {"status": campaign.status}
    campaign.status = rules.move(campaign.status, S.ANNOUNCED)
    campaign.seed, campaign.commitment = seed, draw_algorithm.commitment(seed)
    campaign.draw_version = draw_algorithm.VERSION
    campaign.announced_at, campaign.draw_after = now, draw_after
    campaign.save(update_fields=["status", "seed", "commitment", "draw_version", "announced_at", "draw_after"])
    audit_record(actor=actor, action=Action.CAMPAIGN_ANNOUNCE, obj=campaign, before=before, after={
        "status": campaign.status, "commitment": campaign.commitment, "draw_after": draw_after,
        "agencies": len(agencies), "inspectors": len(inspectors)})
    if configured_source() == sources.REGULATORS:
        body = _("双随机抽查任务“%(title)s”已公告。抽取需要公共随机数：请一名监管人员在 %(after)s 之后录入"
                 "此后第一期公开开奖号码（如当晚的福利彩票开奖号码）及其出处，另一名监管人员复核确认。") % {
            "title": campaign.title, "after": shown_time(draw_after)}
    else:
        body = _("双随机抽查任务“%(title)s”已公告，%(after)s 之后可以抽取（公共随机信标此后第一轮）。") % {
            "title": campaign.title, "after": shown_time(draw_after)}
    notify(_department_users(campaign), title=_("双随机抽查已公告：%(title)s") % {"title": campaign.title},
           body=body, link=_regulator_link(campaign), email=False)
    return campaign


# --- the beacon value --------------------------------------------------------------------------

def _beacon_open(campaign, now):
    if campaign.status != S.ANNOUNCED:
        raise errors.CampaignWrongState()
    if configured_source() != sources.REGULATORS:
        raise beacon_errors.BeaconNotFromRegulators()
    if campaign.beacon_fixed_at:
        raise errors.CampaignBeaconAlreadyFixed()
    if campaign.draw_after is None or now <= campaign.draw_after:
        raise errors.CampaignBeaconTooEarly(
            _("须录入 %(after)s 之后第一期公开开奖号码，现在还不能录入。") % {
                "after": shown_time(campaign.draw_after or now)})


def _beacon_value(text):
    try:
        return sources.normalise_value(text)
    except ValueError:
        raise beacon_errors.BeaconValueInvalid(field="value") from None


def _beacon_audit(actor, campaign, step, before=None):
    audit_record(actor=actor, action=Action.CAMPAIGN_BEACON, obj=campaign, before=before, after={
        "step": step, "source": campaign.beacon_source, "value": campaign.beacon_value,
        "reference": campaign.beacon_reference, "round": campaign.beacon_round,
        "fixed": bool(campaign.beacon_fixed_at)})


@transaction.atomic
def campaign_beacon_enter(*, actor, campaign, value, reference, now=None):
    """One active regulator types the public number drawn after `draw_after` and its source; an
    entry not yet confirmed may be typed again (then it needs a confirmation again)."""
    now = now or timezone.now()
    _regulator(actor, errors.CampaignBeaconByRegulatorOnly)
    campaign = _lock(campaign)
    _beacon_open(campaign, now)
    value = _beacon_value(value)
    reference = " ".join((reference or "").split())
    if not reference:
        raise beacon_errors.BeaconReferenceRequired(field="reference")
    before = {"value": campaign.beacon_value, "reference": campaign.beacon_reference,
              "entered_by": campaign.beacon_entered_by_id} if campaign.beacon_entered_at else None
    campaign.beacon_source = sources.REGULATORS
    campaign.beacon_value, campaign.beacon_reference = value, reference[:300]
    campaign.beacon_entered_by, campaign.beacon_entered_at = actor, now
    campaign.beacon_confirmed_by = None
    campaign.save(update_fields=["beacon_source", "beacon_value", "beacon_reference", "beacon_entered_by",
                                 "beacon_entered_at", "beacon_confirmed_by"])
    _beacon_audit(actor, campaign, "enter", before)
    notify(_department_users(campaign, exclude=actor),
           title=_("请复核公共随机数：%(title)s") % {"title": campaign.title},
           body=_("%(who)s 录入了双随机抽查任务“%(title)s”的公共随机数（%(reference)s）。"
                  "请另一名监管人员对照开奖公告再次录入以复核。") % {
               "who": actor.full_name or actor.email, "title": campaign.title, "reference": reference},
           link=_regulator_link(campaign), email=False)
    return campaign


@transaction.atomic
def campaign_beacon_confirm(*, actor, campaign, value, now=None):
    """A second, different active regulator types the number again; the same number fixes it."""
    now = now or timezone.now()
    _regulator(actor, errors.CampaignBeaconByRegulatorOnly)
    campaign = _lock(campaign)
    _beacon_open(campaign, now)
    if not campaign.beacon_entered_at:
        raise beacon_errors.BeaconNothingToConfirm()
    if campaign.beacon_entered_by_id == actor.pk:
        raise beacon_errors.BeaconSameRegulator()
    if _beacon_value(value) != campaign.beacon_value:
        raise beacon_errors.BeaconMismatch(field="value")
    campaign.beacon_confirmed_by, campaign.beacon_fixed_at = actor, now
    campaign.save(update_fields=["beacon_confirmed_by", "beacon_fixed_at"])
    _beacon_audit(actor, campaign, "confirm")
    notify(_department_users(campaign, exclude=actor), title=_("公共随机数已确定：%(title)s") % {
        "title": campaign.title},
        body=_("公共随机数 %(value)s（%(reference)s）已由两名监管人员录入并复核，可以进行双随机抽取。") % {
            "value": campaign.beacon_value, "reference": campaign.beacon_reference},
        link=_regulator_link(campaign), email=False)
    return campaign


def _fixed_beacon(actor, campaign, now):
    """The campaign's fixed beacon value (call under its lock): regulators' source — pending until
    confirmed; drand — the first round after `draw_after`, read and stored now."""
    if campaign.beacon_fixed_at:
        return campaign.beacon_value
    after = shown_time(campaign.draw_after)
    if configured_source() == sources.REGULATORS:
        if campaign.beacon_entered_at:
            raise errors.CampaignBeaconPending(
                _("等待公共随机数：监管人员已录入抽取时点（%(after)s）后的公开号码，须由另一名监管人员复核确认后才能抽取。")
                % {"after": after})
        raise errors.CampaignBeaconPending(
            _("等待公共随机数：抽取须使用抽取时点（%(after)s）后第一期公开开奖号码，由一名监管人员录入、另一名复核。")
            % {"after": after})
    url = beacon_url()
    try:
        drawn = sources.drand_round_after(url, campaign.draw_after, now=now)
    except sources.RoundNotYet as pending:
        raise errors.CampaignBeaconPending(
            _("等待公共随机数：公共随机信标在抽取时点后的第一轮（第 %(round)s 轮）将于 %(at)s 产生，之后才能抽取。") % {
                "round": pending.number, "at": shown_time(pending.at)}) from None
    except sources.BeaconError:
        raise beacon_errors.BeaconUnavailable() from None
    campaign.beacon_source = sources.DRAND
    campaign.beacon_value, campaign.beacon_signature = drawn.randomness, drawn.signature
    campaign.beacon_round, campaign.beacon_round_time = drawn.number, drawn.at
    campaign.beacon_reference = sources.round_url(url, drawn.number)
    campaign.beacon_fixed_at = now
    campaign.save(update_fields=["beacon_source", "beacon_value", "beacon_signature", "beacon_round",
                                 "beacon_round_time", "beacon_reference", "beacon_fixed_at"])
    _beacon_audit(actor, campaign, "fetch")
    return campaign.beacon_value


# --- the draw ----------------------------------------------------------------------------------

def _value_conflicts(campaign, entries, extra_excluded=()):
    """{agency value: {inspector value}}: conflicts in force plus inspectors excluded everywhere."""
    agency_value = {entry.agency_id: entry.value for entry in entries if entry.pool == Pool.AGENCY}
    inspector_value = {entry.inspector_id: entry.value for entry in entries if entry.pool == Pool.INSPECTOR}
    found = {value: set(extra_excluded) for value in agency_value.values()}
    for agency_id, inspector_ids in campaign_conflicts(campaign).items():
        if agency_id in agency_value:
            found[agency_value[agency_id]] |= {inspector_value[pk] for pk in inspector_ids if pk in inspector_value}
    return found


@transaction.atomic
def campaign_draw(*, actor, campaign, now=None):
    """Rank both pools with the seed and the beacon value, draw the first `agency_count` agencies
    and make their teams. Once: a second call (even at the same instant) is refused."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    _department_regulator(actor, campaign)
    if campaign.status in (S.DRAWN, S.PUBLISHED):
        raise errors.CampaignAlreadyDrawn()
    if campaign.status != S.ANNOUNCED:
        raise errors.CampaignWrongState()
    if campaign.draw_after is None or now <= campaign.draw_after:
        raise errors.CampaignBeaconPending(
            _("抽取时点（%(after)s）之后才能抽取。") % {"after": shown_time(campaign.draw_after or now)})
    beacon = _fixed_beacon(actor, campaign, now)
    entries = list(CampaignEntry.objects.select_for_update(of=("self",)).filter(campaign=campaign)
                   .select_related("inspector__user"))
    # Inspectors who left duty or the 名录 since the announcement are passed over everywhere.
    inactive = sorted(entry.value for entry in entries if entry.pool == Pool.INSPECTOR and not (
        entry.inspector.is_active and entry.inspector.is_inspector and entry.inspector.user.is_active))
    conflicts = _value_conflicts(campaign, entries, inactive)
    agency_values = [entry.value for entry in entries if entry.pool == Pool.AGENCY]
    inspector_values = [entry.value for entry in entries if entry.pool == Pool.INSPECTOR]
    result = rules.run(campaign.seed, beacon, agency_values, inspector_values,
                       agency_count=campaign.agency_count, inspector_count=campaign.inspector_count,
                       conflicts=conflicts, version=campaign.draw_version)
    by_value = {entry.value: entry for entry in entries}
    drawn = set(result.drawn)
    for ranking in (result.agencies.ranking, result.inspectors.ranking):
        for position, value in enumerate(ranking, start=1):
            by_value[value].rank = position
            by_value[value].drawn = value in drawn
    CampaignEntry.objects.bulk_update(entries, ["rank", "drawn"])
    assignments = []
    for team in result.teams:
        agency_id = by_value[team.agency].agency_id
        for member in team.members:
            assignments.append(InspectionAssignment(
                campaign=campaign, agency_id=agency_id, inspector_id=by_value[member.value].inspector_id,
                replaces_id=by_value[member.replaces].inspector_id if member.replaces else None))
    InspectionAssignment.objects.bulk_create(assignments)
    campaign.draw_record = {
        "version": result.version, "beacon": beacon,
        "agency": {"values": sorted(agency_values), "pool": result.agencies.pool,
                   "ranking": result.agencies.ranking},
        "inspector": {"values": sorted(inspector_values), "pool": result.inspectors.pool,
                      "ranking": result.inspectors.ranking},
        "drawn": result.drawn,
        "excluded": {agency: sorted(values) for agency, values in sorted(conflicts.items()) if values},
        "inactive": inactive,
        "teams": [{"agency": team.agency, "start": team.start, "skipped": list(team.skipped),
                   "members": [{"value": m.value, "replaces": m.replaces} for m in team.members]}
                  for team in result.teams],
        "reassignments": [],
    }
    before = {"status": campaign.status}
    campaign.status = rules.move(campaign.status, S.DRAWN)
    campaign.drawn_at = now
    campaign.save(update_fields=["status", "drawn_at", "draw_record"])
    audit_record(actor=actor, action=Action.CAMPAIGN_DRAW, obj=campaign, before=before, after={
        "status": campaign.status, "seed": campaign.seed, "beacon": beacon,
        "drawn": [by_value[value].agency_id for value in result.drawn],
        "assignments": [[a.agency_id, a.inspector_id, a.replaces_id] for a in assignments],
        "short": [by_value[team.agency].agency_id for team in result.short_teams()]})
    _notify_drawn(campaign, result, by_value)
    return campaign


def _notify_drawn(campaign, result, by_value):
    link = _regulator_link(campaign)
    teams = {}
    for team in result.teams:
        for member in team.members:
            teams.setdefault(by_value[member.value].inspector.user, []).append(by_value[team.agency].agency.name)
    for user, names in teams.items():
        notify([user], title=_("双随机抽查检查任务：%(title)s") % {"title": campaign.title},
               body=_("您被抽取为以下中介机构的检查人员：%(names)s。"
                      "如与其中机构存在利益关系，请在任务页面申报回避。") % {"names": "、".join(names)}, link=link)
    agencies = [by_value[value].agency_id for value in result.drawn]
    public = _public_link(campaign)
    for agency_id in agencies:
        notify(members_of({agency_id}), title=_("贵机构被抽中为双随机抽查对象：%(title)s") % {"title": campaign.title},
               body=_("检查事项：%(checks)s") % {"checks": campaign.checks}, link=public)


# --- conflicts of interest ---------------------------------------------------------------------

def _reason(text):
    reason = " ".join((text or "").split())
    if not reason or len(reason) > 200:
        raise errors.ConflictReasonRequired(field="reason")
    return reason


def _reassign(campaign, agency_id, leaving, now):
    """After `leaving` (a Regulator) stood aside from the drawn agency: recompute its team by the
    rule with every conflict in force and apply the difference. Returns the joined Regulators."""
    record = dict(campaign.draw_record or {})
    entries = list(CampaignEntry.objects.filter(campaign=campaign).select_related("inspector__user"))
    by_value = {entry.value: entry for entry in entries}
    agency_value = next((e.value for e in entries if e.pool == Pool.AGENCY and e.agency_id == agency_id), None)
    drawn = list(record.get("drawn") or [])
    if agency_value not in drawn:
        return []
    conflicts = _value_conflicts(campaign, entries, record.get("inactive") or [])
    ranking = record.get("inspector", {}).get("ranking") or []
    team = rules.team(agency_value, drawn.index(agency_value), ranking, campaign.inspector_count,
                      frozenset(conflicts.get(agency_value, ())))
    wanted = {by_value[value].inspector_id for value in team.values}
    current = {row.inspector_id: row for row in InspectionAssignment.objects.select_for_update().filter(
        campaign=campaign, agency_id=agency_id)}
    gone = [pk for pk in current if pk not in wanted]
    InspectionAssignment.objects.filter(campaign=campaign, agency_id=agency_id, inspector_id__in=gone).delete()
    joined = [by_value[value] for value in team.values if by_value[value].inspector_id not in current]
    InspectionAssignment.objects.bulk_create([
        InspectionAssignment(campaign=campaign, agency_id=agency_id, inspector_id=entry.inspector_id,
                             replaces=leaving) for entry in joined])
    if not gone and not joined:  # the declarant was not in this agency's team: nothing moves
        return []
    leaving_value = next((e.value for e in entries if e.pool == Pool.INSPECTOR and e.inspector_id == leaving.pk), "")
    record["reassignments"] = [*(record.get("reassignments") or []), {
        "agency": agency_value, "left": leaving_value, "joined": joined[0].value if joined else None,
        "at": now.isoformat()}]
    campaign.draw_record = record
    campaign.save(update_fields=["draw_record"])
    return [entry.inspector for entry in joined]


def _notify_joined(campaign, joined, agency):
    for regulator in joined:
        notify([regulator.user], title=_("双随机抽查检查任务（替补）：%(title)s") % {"title": campaign.title},
               body=_("原检查人员申报回避，您按抽取排名递补为“%(agency)s”的检查人员。") % {"agency": agency.name},
               link=_regulator_link(campaign))


@transaction.atomic
def conflict_declare(*, actor, campaign, agency, reason, now=None):
    """An inspector of the campaign's pool declares a conflict of interest with an agency of its
    pool (before or after the draw, until that agency's finding is recorded). After the draw, if
    the inspector was in its team, the next inspector of the ranking takes the place.
    Returns the InspectorConflict."""
    now = now or timezone.now()
    regulator = _regulator(actor, errors.ConflictNotInPool)
    campaign = _lock(campaign)
    if campaign.status not in rules.CONFLICT_OPEN:
        raise errors.CampaignWrongState()
    if not CampaignEntry.objects.filter(campaign=campaign, pool=Pool.INSPECTOR, inspector=regulator).exists():
        raise errors.ConflictNotInPool()
    agency_id = getattr(agency, "pk", agency)
    entry = CampaignEntry.objects.filter(campaign=campaign, pool=Pool.AGENCY, agency_id=agency_id).select_related(
        "agency").first()
    if entry is None:
        raise errors.ConflictAgencyNotInPool(field="agency")
    reason = _reason(reason)
    if InspectionFinding.objects.filter(campaign=campaign, agency_id=agency_id).exists():
        raise errors.ConflictTooLate()
    if has_conflict(regulator.pk, agency_id, campaign):
        raise errors.ConflictAlreadyDeclared()
    conflict = InspectorConflict.objects.create(inspector=regulator, agency_id=agency_id, campaign=campaign,
                                                reason=reason, declared_at=now)
    joined = []
    if campaign.status == S.DRAWN:
        joined = _reassign(campaign, agency_id, regulator, now)
    audit_record(actor=actor, action=Action.CAMPAIGN_CONFLICT, obj=campaign, after={
        "inspector": regulator.pk, "agency": agency_id, "reason": reason,
        "joined": [item.pk for item in joined]})
    _notify_joined(campaign, joined, entry.agency)
    return conflict


@transaction.atomic
def standing_conflict_declare(*, actor, agency, reason, now=None):
    """The actor (an active regulator) declares a standing conflict with an agency — a former
    employer, a relative working there, a business tie. Every later draw passes over the inspector
    for that agency, and in campaigns already drawn whose finding for it is not yet recorded the
    next inspector of the ranking takes the place. Returns the InspectorConflict."""
    now = now or timezone.now()
    regulator = _regulator(actor, errors.StandingConflictByInspectorOnly)
    agency_id = getattr(agency, "pk", agency)
    try:
        agency = Organisation.objects.get(pk=int(agency_id), kind=Organisation.Kind.AGENCY)
    except (Organisation.DoesNotExist, TypeError, ValueError):
        raise errors.StandingConflictAgencyUnknown(field="agency") from None
    reason = _reason(reason)
    if InspectorConflict.objects.filter(inspector=regulator, agency=agency, campaign__isnull=True).exists():
        raise errors.ConflictAlreadyDeclared(field="agency")
    conflict = InspectorConflict.objects.create(inspector=regulator, agency=agency, campaign=None, reason=reason,
                                                declared_at=now)
    moved = []
    campaigns = (InspectionCampaign.objects.select_for_update(of=("self",))
                 .filter(status=S.DRAWN, assignments__inspector=regulator, assignments__agency=agency)
                 .exclude(findings__agency=agency).order_by("pk"))
    for campaign in campaigns:
        joined = _reassign(campaign, agency.pk, regulator, now)
        moved.append((campaign, joined))
    audit_record(actor=actor, action=Action.INSPECTOR_CONFLICT_DECLARE, obj=conflict, after={
        "inspector": regulator.pk, "agency": agency.pk, "reason": reason,
        "reassigned": {str(campaign.pk): [item.pk for item in joined] for campaign, joined in moved}})
    for campaign, joined in moved:
        _notify_joined(campaign, joined, agency)
    return conflict


# --- findings and publication ------------------------------------------------------------------

def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise errors.FindingDateInvalid(field="inspected_on") from None


@transaction.atomic
def finding_record(*, actor, campaign, agency, result, details, remedy="", inspected_on, now=None):
    """Record (or, until publication, correct) the finding of one drawn agency. A regulator of
    the organising department without a conflict with the agency. Returns the InspectionFinding."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    regulator = _department_regulator(actor, campaign)
    if campaign.status not in rules.FINDINGS_OPEN:
        raise errors.CampaignWrongState()
    agency_id = getattr(agency, "pk", agency)
    if not CampaignEntry.objects.filter(campaign=campaign, pool=Pool.AGENCY, agency_id=agency_id,
                                        drawn=True).exists():
        raise errors.FindingAgencyNotDrawn(field="agency")
    if has_conflict(regulator.pk, agency_id, campaign):
        raise errors.FindingByConflictedInspector()
    if result not in InspectionFinding.Result.values:
        raise errors.FindingResultInvalid(field="result")
    details = (details or "").strip()
    if not details:
        raise errors.FindingDetailsRequired(field="details")
    inspected_on = _date(inspected_on)
    if inspected_on < timezone.localdate(campaign.drawn_at) or inspected_on > timezone.localdate(now):
        raise errors.FindingDateInvalid(field="inspected_on")
    finding = InspectionFinding.objects.select_for_update().filter(campaign=campaign, agency_id=agency_id).first()
    before = None
    if finding is None:
        finding = InspectionFinding(campaign=campaign, agency_id=agency_id)
    else:
        before = {"result": finding.result, "details": finding.details, "remedy": finding.remedy,
                  "inspected_on": finding.inspected_on}
    finding.result, finding.details, finding.remedy = result, details, (remedy or "").strip()
    finding.inspected_on, finding.recorded_by, finding.recorded_at = inspected_on, actor, now
    finding.save()
    # The audit entry names the finding: reviews/credit/triggers.py recomputes the agency's credit.
    audit_record(actor=actor, action=Action.CAMPAIGN_FINDING, obj=finding, before=before, after={
        "campaign": campaign.pk, "agency": agency_id, "result": result, "details": details,
        "remedy": finding.remedy, "inspected_on": inspected_on})
    return finding


@transaction.atomic
def campaign_publish(*, actor, campaign, summary, now=None):
    """Publish the results (一公开): every drawn agency must have its finding."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    _department_regulator(actor, campaign)
    if campaign.status != S.DRAWN:
        raise errors.CampaignWrongState()
    summary = (summary or "").strip()
    if not summary:
        raise errors.PublishSummaryRequired(field="summary")
    drawn = set(CampaignEntry.objects.filter(campaign=campaign, pool=Pool.AGENCY, drawn=True)
                .values_list("agency_id", flat=True))
    findings = {item.agency_id: item for item in InspectionFinding.objects.filter(campaign=campaign)}
    missing = drawn - set(findings)
    if missing:
        names = "、".join(Organisation.objects.filter(pk__in=missing).order_by("name").values_list("name", flat=True))
        raise errors.PublishFindingsMissing(
            _("以下抽中的机构还没有登记检查结果，不能公布：%(names)s。") % {"names": names})
    before = {"status": campaign.status}
    campaign.status = rules.move(campaign.status, S.PUBLISHED)
    campaign.published_at, campaign.summary = now, summary
    campaign.save(update_fields=["status", "published_at", "summary"])
    audit_record(actor=actor, action=Action.CAMPAIGN_PUBLISH, obj=campaign, before=before, after={
        "status": campaign.status, "summary": summary,
        "results": {str(pk): findings[pk].result for pk in sorted(drawn)}})
    link = _public_link(campaign)
    for agency_id in sorted(drawn):
        notify(members_of({agency_id}), title=_("双随机抽查结果已公布：%(title)s") % {"title": campaign.title},
               body=_("贵机构的检查结果：%(result)s。") % {"result": findings[agency_id].get_result_display()},
               link=link)
    return campaign


__all__ = [
    "campaign_create", "campaign_update", "campaign_announce", "campaign_beacon_enter", "campaign_beacon_confirm",
    "campaign_draw", "conflict_declare", "standing_conflict_declare", "finding_record", "campaign_publish",
]
