"""Reads about random-inspection campaigns (双随机、一公开): the public list and page, the proof
anyone recomputes the draw from, and the regulators' pages. The rules are in
oversight/inspection_rules.py; the writes in oversight/services/inspections.py.

What is public: every campaign once announced (never a draft) with its two pools and their
random values and the seed's commitment; after the draw the seed, the beacon value, both
rankings and the teams (who inspects whom, and that an inspector stood aside — not why); the
findings only once the results are published.
"""
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bidding import beacon as beacon_sources
from bidding import draw as draw_algorithm
from bidding.selectors.beacon import configured_source
from marketplace.models import AgencyService
from marketplace.selectors.scope import scope_of
from providers.access import is_active_regulator, regulator_for
from providers.models import Organisation, Regulator
from providers.selectors.regions import region_prefix
from providers.standing_rules import barred_q

from .. import inspection_rules as rules
from ..models import CampaignEntry, InspectionAssignment, InspectionCampaign, InspectionFinding, InspectorConflict

S = InspectionCampaign.Status
Pool = CampaignEntry.Pool


# --- the pools ---------------------------------------------------------------------------------

def agency_pool(campaign, at):
    """The agencies a campaign may draw at `at`: agencies offering an item of one of its
    categories, located in its region, neither suspended nor blacklisted (standing_rules)."""
    category_ids = [category.pk for category in campaign.categories.all()]
    offers = AgencyService.objects.filter(agency=OuterRef("pk"), item__category_id__in=category_ids)
    agencies = Organisation.objects.filter(Exists(offers), kind=Organisation.Kind.AGENCY)
    prefix = region_prefix(campaign.region_id) or campaign.region_id
    return agencies.filter(region__code__startswith=prefix).exclude(barred_q(at)).order_by("pk")


def inspector_pool(campaign):
    """The inspectors a campaign may draw: the organising department's regulators on duty marked
    执法检查人员 (the department's 执法检查人员名录), whose account is active."""
    return (Regulator.objects.filter(department_id=campaign.department_id, is_active=True, is_inspector=True,
                                     user__is_active=True)
            .select_related("user").order_by("pk"))


def standing_conflicts(agency_ids, inspector_ids):
    """{agency id: {inspector id}} of the standing declarations between the two sets."""
    pairs = InspectorConflict.objects.filter(campaign__isnull=True, agency_id__in=list(agency_ids),
                                             inspector_id__in=list(inspector_ids)).values_list("agency_id",
                                                                                              "inspector_id")
    found = {}
    for agency_id, inspector_id in pairs:
        found.setdefault(agency_id, set()).add(inspector_id)
    return found


def campaign_conflicts(campaign):
    """{agency id: {inspector id}} of every conflict that keeps an inspector from an agency of
    this campaign: standing ones and those declared for it."""
    pairs = (InspectorConflict.objects.filter(Q(campaign__isnull=True) | Q(campaign=campaign))
             .filter(Exists(CampaignEntry.objects.filter(campaign=campaign, pool=Pool.AGENCY,
                                                         agency_id=OuterRef("agency_id"))),
                     Exists(CampaignEntry.objects.filter(campaign=campaign, pool=Pool.INSPECTOR,
                                                         inspector_id=OuterRef("inspector_id"))))
             .values_list("agency_id", "inspector_id"))
    found = {}
    for agency_id, inspector_id in pairs:
        found.setdefault(agency_id, set()).add(inspector_id)
    return found


def has_conflict(inspector_id, agency_id, campaign=None) -> bool:
    """Whether the inspector declared a conflict with the agency (standing, or for `campaign`)."""
    condition = Q(campaign__isnull=True)
    if campaign is not None:
        condition |= Q(campaign=campaign)
    return InspectorConflict.objects.filter(condition, inspector_id=inspector_id, agency_id=agency_id).exists()


@dataclass
class PoolPreview:
    """What a draft's page says before the announcement: the pools as they stand now."""

    agencies: int
    inspectors: int
    check: rules.PoolCheck
    unstaffable: list = field(default_factory=list)  # Organisations


def pool_preview(campaign, now=None):
    now = now or timezone.now()
    agency_ids = list(agency_pool(campaign, now).values_list("pk", flat=True))
    inspector_ids = list(inspector_pool(campaign).values_list("pk", flat=True))
    check = rules.check_pools(agency_ids, inspector_ids, agency_count=campaign.agency_count,
                              inspector_count=campaign.inspector_count,
                              conflicts=standing_conflicts(agency_ids, inspector_ids))
    unstaffable = (list(Organisation.objects.filter(pk__in=check.unstaffable).order_by("name"))
                   if check.unstaffable else [])
    return PoolPreview(agencies=len(agency_ids), inspectors=len(inspector_ids), check=check, unstaffable=unstaffable)


# --- public ------------------------------------------------------------------------------------

def _campaigns():
    return (InspectionCampaign.objects.select_related("department__region", "region")
            .prefetch_related("categories"))


def public_campaigns():
    """Announced, drawn and published campaigns, newest announcement first (never a draft)."""
    return _campaigns().filter(status__in=rules.PUBLIC).order_by("-announced_at", "-pk")


@dataclass
class TeamRow:
    assignment: InspectionAssignment
    inspector_name: str
    replaces_name: str  # the inspector who stood aside for this one, or ""


@dataclass
class DrawnAgency:
    entry: CampaignEntry
    agency: Organisation
    position: int  # 1-based among the drawn
    team: list  # TeamRow
    short: bool  # fewer inspectors than the campaign's inspector_count
    finding: InspectionFinding | None  # only once published (public) / always (regulators)


@dataclass
class CampaignDetail:
    campaign: InspectionCampaign
    categories: list
    agency_entries: list  # CampaignEntry in the published order (by value)
    inspector_entries: list
    drawn: list  # DrawnAgency, in ranking order (after the draw)
    findings_public: bool
    counts: dict  # result -> number (published results)

    @property
    def is_drawn(self):
        return self.campaign.status in (S.DRAWN, S.PUBLISHED)

    @property
    def is_published(self):
        return self.campaign.status == S.PUBLISHED


def inspector_name(regulator):
    """How a public page names an inspector: name and department (the 执法检查人员名录 is public)."""
    if regulator is None:
        return ""
    return regulator.user.full_name or regulator.user.email.split("@")[0]


def _detail(campaign, *, findings):
    entries = list(CampaignEntry.objects.filter(campaign=campaign)
                   .select_related("agency__region", "inspector__user").order_by("value"))
    agency_entries = [entry for entry in entries if entry.pool == Pool.AGENCY]
    inspector_entries = [entry for entry in entries if entry.pool == Pool.INSPECTOR]
    drawn = []
    counts = {}
    if campaign.status in (S.DRAWN, S.PUBLISHED):
        assignments = list(InspectionAssignment.objects.filter(campaign=campaign)
                           .select_related("inspector__user", "replaces__user").order_by("pk"))
        found = ({item.agency_id: item for item in InspectionFinding.objects.filter(campaign=campaign)}
                 if findings else {})
        by_agency = {}
        for assignment in assignments:
            by_agency.setdefault(assignment.agency_id, []).append(
                TeamRow(assignment=assignment, inspector_name=inspector_name(assignment.inspector),
                        replaces_name=inspector_name(assignment.replaces)))
        chosen = sorted((entry for entry in agency_entries if entry.drawn), key=lambda entry: entry.rank or 0)
        for position, entry in enumerate(chosen, start=1):
            team = by_agency.get(entry.agency_id, [])
            drawn.append(DrawnAgency(entry=entry, agency=entry.agency, position=position, team=team,
                                     short=len(team) < campaign.inspector_count,
                                     finding=found.get(entry.agency_id)))
        for item in found.values():
            counts[item.result] = counts.get(item.result, 0) + 1
    return CampaignDetail(campaign=campaign, categories=list(campaign.categories.all()),
                          agency_entries=agency_entries, inspector_entries=inspector_entries, drawn=drawn,
                          findings_public=findings, counts=counts)


def campaign_public(campaign_id):
    """The public page of a campaign: 404 for a draft or one that does not exist. Findings only
    once published."""
    campaign = _campaigns().filter(pk=campaign_id, status__in=rules.PUBLIC).first()
    if campaign is None:
        raise Http404
    return _detail(campaign, findings=campaign.status == S.PUBLISHED)


# --- the proof ---------------------------------------------------------------------------------

@dataclass
class BeaconInfo:
    """Where the campaign's beacon value comes from (the same facts as a job's DrawBeacon)."""

    source: str
    value: str
    reference: str
    round: int | None
    round_time: object
    signature: str
    entered_at: object
    confirmed_at: object
    fixed_at: object

    def get_source_display(self):
        return {beacon_sources.DRAND: _("公共随机信标（drand）"),
                beacon_sources.REGULATORS: _("监管人员录入并复核的公开开奖号码")}.get(self.source, self.source)


@dataclass
class PoolProof:
    """One pool's draw as published and recomputed (the attributes a job's DrawProof has)."""

    purpose: str  # "agency" | "inspector"
    purpose_label: str
    version: int
    prefix: str
    seed: str
    commitment: str
    seed_hash: str
    beacon: str
    beacon_info: BeaconInfo | None
    values: list  # the published order
    pool: str
    ranking: list
    entries: list  # [(value, key, name, position)] in the published order
    ranked: list  # [(position, value, key, name)]
    commitment_ok: bool
    pool_ok: bool
    ranking_ok: bool
    recomputed_pool: str
    recomputed_ranking: list
    performed_at: object
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return self.commitment_ok and self.pool_ok and self.ranking_ok and not self.problems

    @property
    def winner_value(self):
        return self.ranking[0] if self.ranking else None


@dataclass
class TeamProof:
    agency_value: str
    agency_name: str
    position: int  # 1-based among the drawn
    start: int  # 0-based start of its walk in the inspector ranking
    members: list  # [(value, name, replaces value or "", replaces name or "")] as drawn
    skipped: list  # [(value, name)] passed over for a conflict at the draw
    current: list  # [(value, name, replaces name)] the team now (after later declarations)
    recomputed: list  # values the rule gives from the published data
    ok: bool


@dataclass
class CampaignProof:
    campaign: InspectionCampaign
    version: int
    prefix: str
    commitment: str
    seed: str  # "" until the draw
    seed_hash: str
    commitment_ok: bool
    beacon: str
    beacon_info: BeaconInfo | None
    pools: list  # PoolProof: agencies, inspectors (after the draw)
    teams: list  # TeamProof
    excluded: list  # [(agency value, inspector value)] conflicts in force at the draw (public: not the reason)
    reassignments: list  # [{agency, left, joined, at}] after the draw
    data: dict  # everything above as plain JSON-able data
    agency_entries: list = field(default_factory=list)  # before the draw: the published pools
    inspector_entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def drawn(self):
        return bool(self.seed)

    @property
    def ok(self):
        return self.commitment_ok and all(pool.ok for pool in self.pools) and all(
            team.ok for team in self.teams) and not self.problems


def _beacon_info(campaign):
    if not campaign.beacon_fixed_at:
        return None
    return BeaconInfo(source=campaign.beacon_source, value=campaign.beacon_value,
                      reference=campaign.beacon_reference, round=campaign.beacon_round,
                      round_time=campaign.beacon_round_time, signature=campaign.beacon_signature,
                      entered_at=campaign.beacon_entered_at, confirmed_at=campaign.beacon_fixed_at,
                      fixed_at=campaign.beacon_fixed_at)


def _beacon_problems(campaign):
    if not campaign.beacon_fixed_at:
        return [_("公共随机数尚未确定。")]
    produced = (campaign.beacon_round_time if campaign.beacon_source == beacon_sources.DRAND
                else campaign.beacon_entered_at)
    if campaign.draw_after and (produced is None or produced <= campaign.draw_after):
        return [_("公共随机数不是在抽取时点之后确定的。")]
    return []


def _pool_proof(campaign, purpose, label, record, names, beacon_info):
    values = list(record.get("values") or [])
    ranking = list(record.get("ranking") or [])
    problems = []
    try:
        result = draw_algorithm.run(campaign.seed, values, beacon=campaign.beacon_value or None,
                                    version=campaign.draw_version)
        recomputed_pool, recomputed_ranking, keys = result.pool, result.ranking, result.keys
    except ValueError:
        recomputed_pool, recomputed_ranking, keys = "", [], {}
        problems.append(_("无法按公布的算法重算：随机值重复或缺失，或缺少公共随机数。"))
    if values != sorted(values):
        problems.append(_("存储的随机值未按公布顺序（文本升序）排列。"))
    unknown = [value for value in values if value not in names]
    if unknown:
        problems.append(_("以下随机值不属于本抽查任务公告的名录：%(values)s") % {"values": "、".join(unknown)})
    position = {value: index + 1 for index, value in enumerate(ranking)}
    return PoolProof(
        purpose=purpose, purpose_label=label, version=campaign.draw_version,
        prefix=draw_algorithm.PREFIXES.get(campaign.draw_version, ""), seed=campaign.seed,
        commitment=campaign.commitment, seed_hash=draw_algorithm.commitment(campaign.seed),
        beacon=campaign.beacon_value, beacon_info=beacon_info, values=values, pool=record.get("pool", ""),
        ranking=ranking,
        entries=[(v, keys.get(v, ""), names.get(v, ""), position.get(v)) for v in values],
        ranked=[(i + 1, v, keys.get(v, ""), names.get(v, "")) for i, v in enumerate(ranking)],
        commitment_ok=draw_algorithm.seed_matches(campaign.seed, campaign.commitment),
        pool_ok=bool(recomputed_pool) and recomputed_pool == record.get("pool"),
        ranking_ok=bool(recomputed_ranking) and recomputed_ranking == ranking,
        recomputed_pool=recomputed_pool, recomputed_ranking=recomputed_ranking,
        performed_at=campaign.drawn_at, problems=problems,
    )


def campaign_proof(campaign):
    """Everything needed to recompute a campaign's draw from its public page: the commitment
    (from the announcement), the pools with their values, and after the draw the seed, the
    beacon value and its source, both rankings recomputed with bidding.draw, the conflicts in
    force at the draw (as pairs of values) and the teams recomputed with the published rule.
    `data` holds the same as plain data (lists, strings, numbers) for a machine to read."""
    detail = _detail(campaign, findings=False)
    entries = detail.agency_entries + detail.inspector_entries
    names = {entry.value: (entry.agency.name if entry.pool == Pool.AGENCY else inspector_name(entry.inspector))
             for entry in entries}
    record = campaign.draw_record or {}
    drawn = campaign.status in (S.DRAWN, S.PUBLISHED) and bool(record)
    beacon_info = _beacon_info(campaign) if drawn else None
    data = {
        "campaign": campaign.pk, "version": campaign.draw_version,
        "prefix": draw_algorithm.PREFIXES.get(campaign.draw_version, ""),
        "commitment": campaign.commitment, "agency_count": campaign.agency_count,
        "inspector_count": campaign.inspector_count,
        "draw_after": campaign.draw_after.isoformat() if campaign.draw_after else None,
        "agency_values": [entry.value for entry in detail.agency_entries],
        "inspector_values": [entry.value for entry in detail.inspector_entries],
    }
    if not drawn:
        return CampaignProof(campaign=campaign, version=campaign.draw_version, prefix=data["prefix"],
                             commitment=campaign.commitment, seed="", seed_hash="", commitment_ok=True, beacon="",
                             beacon_info=None, pools=[], teams=[], excluded=[], reassignments=[], data=data,
                             agency_entries=detail.agency_entries, inspector_entries=detail.inspector_entries)
    pools = [
        _pool_proof(campaign, Pool.AGENCY, _("抽取检查对象"), record.get("agency", {}), names, beacon_info),
        _pool_proof(campaign, Pool.INSPECTOR, _("抽取检查人员"), record.get("inspector", {}), names, beacon_info),
    ]
    excluded_map = {agency: set(values) for agency, values in (record.get("excluded") or {}).items()}
    inspector_ranking = pools[1].recomputed_ranking
    current = {}
    for row in detail.drawn:
        current[row.entry.value] = row.team
    inspector_value = {entry.inspector_id: entry.value for entry in detail.inspector_entries}
    teams = []
    for position, item in enumerate(record.get("teams") or []):
        agency_value = item.get("agency", "")
        recomputed = rules.team(agency_value, position, inspector_ranking, campaign.inspector_count,
                                frozenset(excluded_map.get(agency_value, ()))).values if inspector_ranking else []
        members = [(member["value"], names.get(member["value"], ""), member.get("replaces") or "",
                    names.get(member.get("replaces") or "", "")) for member in item.get("members", [])]
        teams.append(TeamProof(
            agency_value=agency_value, agency_name=names.get(agency_value, ""), position=position + 1,
            start=item.get("start", 0), members=members,
            skipped=[(value, names.get(value, "")) for value in item.get("skipped", [])],
            current=[(inspector_value.get(row.assignment.inspector_id, ""), row.inspector_name, row.replaces_name)
                     for row in current.get(agency_value, [])],
            recomputed=recomputed, ok=recomputed == [member[0] for member in members]))
    excluded = sorted((agency, inspector) for agency, values in excluded_map.items() for inspector in values)
    recorded_drawn = list(record.get("drawn") or [])
    problems = _beacon_problems(campaign)
    if recorded_drawn != pools[0].recomputed_ranking[:campaign.agency_count]:
        problems.append(_("记录的抽中机构与重算结果不一致。"))
    data.update({
        "seed": campaign.seed, "beacon": campaign.beacon_value,
        "beacon_source": campaign.beacon_source, "beacon_reference": campaign.beacon_reference,
        "beacon_round": campaign.beacon_round,
        "agency_pool": record.get("agency", {}).get("pool", ""),
        "agency_ranking": record.get("agency", {}).get("ranking", []),
        "inspector_pool": record.get("inspector", {}).get("pool", ""),
        "inspector_ranking": record.get("inspector", {}).get("ranking", []),
        "drawn": recorded_drawn,
        "excluded": [[agency, inspector] for agency, inspector in excluded],
        "teams": [{"agency": item.get("agency"), "start": item.get("start"),
                   "members": [member["value"] for member in item.get("members", [])]}
                  for item in record.get("teams") or []],
        "reassignments": list(record.get("reassignments") or []),
    })
    return CampaignProof(
        campaign=campaign, version=campaign.draw_version, prefix=data["prefix"], commitment=campaign.commitment,
        seed=campaign.seed, seed_hash=draw_algorithm.commitment(campaign.seed),
        commitment_ok=draw_algorithm.seed_matches(campaign.seed, campaign.commitment),
        beacon=campaign.beacon_value, beacon_info=beacon_info, pools=pools, teams=teams, excluded=excluded,
        reassignments=[{**item, "left_name": names.get(item.get("left", ""), ""),
                        "joined_name": names.get(item.get("joined") or "", ""),
                        "agency_name": names.get(item.get("agency", ""), "")}
                       for item in record.get("reassignments") or []],
        data=data, agency_entries=detail.agency_entries, inspector_entries=detail.inspector_entries,
        problems=problems)


def public_campaign_proof(campaign_id):
    """The proof page's data: 404 for a draft or a campaign that does not exist."""
    campaign = _campaigns().filter(pk=campaign_id, status__in=rules.PUBLIC).first()
    if campaign is None:
        raise Http404
    return campaign_proof(campaign)


# --- regulators --------------------------------------------------------------------------------

def is_department_regulator(user, campaign) -> bool:
    """The one home of "may run this campaign": an active regulator of its organising department."""
    if not is_active_regulator(user):
        return False
    return user.regulator.department_id == campaign.department_id


def campaigns_for_regulator(user, status=None):
    """(regulator, campaigns): the department's campaigns (drafts included) and every public one
    of other departments, newest first. PermissionDenied for anyone not an active regulator."""
    regulator = regulator_for(user)
    campaigns = _campaigns().filter(Q(department_id=regulator.department_id) | Q(status__in=rules.PUBLIC))
    if status:
        campaigns = campaigns.filter(status=status)
    return regulator, campaigns.order_by("-created_at", "-pk")


def campaign_for_regulator(campaign_id, user):
    """(regulator, campaign) for a regulator's page: any active regulator sees an announced or
    later campaign (it is public anyway); a draft only its department's. 404 when it does not
    exist, PermissionDenied otherwise."""
    regulator = regulator_for(user)
    campaign = _campaigns().filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    if campaign.status == S.DRAFT and campaign.department_id != regulator.department_id:
        raise PermissionDenied
    return regulator, campaign


def campaign_for_department(campaign_id, user):
    """(regulator, campaign) for the pages that change it: its department's regulators only."""
    regulator, campaign = campaign_for_regulator(campaign_id, user)
    if campaign.department_id != regulator.department_id:
        raise PermissionDenied
    return regulator, campaign


def campaign_regulator_detail(campaign):
    """The regulators' view of a campaign: the public detail with the findings recorded so far."""
    return _detail(campaign, findings=True)


def regulator_scope(user):
    """The scope the campaign form offers (categories and region of the department)."""
    return scope_of(regulator_for(user))


@dataclass
class RegulatorView:
    """What a regulator may do on a campaign's page (the services judge again under the lock)."""

    is_department: bool
    can_edit: bool
    can_announce: bool
    can_enter_beacon: bool
    can_confirm_beacon: bool
    show_beacon_value: bool  # the typed number: to its author, and to everyone once fixed
    beacon_source: str
    beacon_open_at: object  # entries are taken after this moment (draw_after)
    can_draw: bool
    in_inspector_pool: bool
    can_declare_conflict: bool
    can_record_findings: bool
    can_publish: bool
    conflicted_agency_ids: frozenset  # agencies this regulator may not inspect


def regulator_view(campaign, user, now=None):
    now = now or timezone.now()
    department = is_department_regulator(user, campaign)
    regulator_id = user.regulator.pk if is_active_regulator(user) else None
    status = campaign.status
    source = configured_source()
    fixed = campaign.beacon_fixed_at is not None
    entered = campaign.beacon_entered_at is not None
    beacon_open = (status == S.ANNOUNCED and source == beacon_sources.REGULATORS and not fixed
                   and regulator_id is not None and campaign.draw_after is not None and now > campaign.draw_after)
    in_pool = regulator_id is not None and CampaignEntry.objects.filter(
        campaign=campaign, pool=Pool.INSPECTOR, inspector_id=regulator_id).exists()
    conflicted = frozenset(
        InspectorConflict.objects.filter(Q(campaign__isnull=True) | Q(campaign=campaign), inspector_id=regulator_id)
        .values_list("agency_id", flat=True)) if regulator_id else frozenset()
    findings_missing = status == S.DRAWN and CampaignEntry.objects.filter(
        campaign=campaign, pool=Pool.AGENCY, drawn=True).exclude(
        Exists(InspectionFinding.objects.filter(campaign=campaign, agency_id=OuterRef("agency_id")))).exists()
    return RegulatorView(
        is_department=department,
        can_edit=department and status == S.DRAFT,
        can_announce=department and status == S.DRAFT,
        can_enter_beacon=beacon_open,
        can_confirm_beacon=beacon_open and entered and campaign.beacon_entered_by_id != user.pk,
        show_beacon_value=fixed or (entered and campaign.beacon_entered_by_id == user.pk),
        beacon_source=source,
        beacon_open_at=campaign.draw_after,
        can_draw=department and status == S.ANNOUNCED and (fixed or source == beacon_sources.DRAND)
        and campaign.draw_after is not None and now > campaign.draw_after,
        in_inspector_pool=in_pool,
        can_declare_conflict=in_pool and status in rules.CONFLICT_OPEN,
        can_record_findings=department and status == S.DRAWN,
        can_publish=department and status == S.DRAWN and not findings_missing,
        conflicted_agency_ids=conflicted,
    )


def my_assignments(user):
    """The regulator's inspections to carry out: assignments in drawn campaigns, oldest draw first."""
    regulator = regulator_for(user)
    return (InspectionAssignment.objects.filter(inspector=regulator, campaign__status=S.DRAWN)
            .select_related("campaign", "agency").order_by("campaign__drawn_at", "campaign_id", "agency__name"))


def standing_conflicts_for(user):
    """(regulator, the regulator's standing conflicts, newest first)."""
    regulator = regulator_for(user)
    conflicts = (InspectorConflict.objects.filter(inspector=regulator, campaign__isnull=True)
                 .select_related("agency").order_by("-declared_at", "-pk"))
    return regulator, list(conflicts)


def campaigns_awaiting(scope):
    """The department's campaigns waiting for a regulator: announced (beacon, draw) or drawn
    (findings, publication) — the workspace queue's rows."""
    return (_campaigns().filter(department_id=scope.department_id, status__in=[S.ANNOUNCED, S.DRAWN])
            .order_by("announced_at", "pk"))


def campaigns_awaiting_count(scope) -> int:
    return InspectionCampaign.objects.filter(department_id=scope.department_id,
                                             status__in=[S.ANNOUNCED, S.DRAWN]).count()
