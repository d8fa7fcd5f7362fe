"""The rules of a random-inspection campaign (双随机、一公开). No Django here: the services apply
them, the pages show them, the tests and anyone reading the public proof recompute them.

Life of a campaign (one move per state change, `move`):

    draft ──announce──▶ announced ──draw──▶ drawn ──publish──▶ published

- draft: the organising department's regulators edit it (title, region, categories, how many
  agencies, how many inspectors per agency, what is checked).
- announce: the two pools are fixed and published — the agencies (active, not suspended or
  blacklisted, offering an item of the campaign's categories, located in its region) and the
  inspectors (the organising department's active regulators marked 执法检查人员) — each entry
  with a random value (bidding.draw.new_entry_value); the platform's secret seed is made and its
  SHA-256 (the commitment) published. From now on nothing in the pools can change.
- After `draw_after` (the announcement, or a later moment the regulator names) a public beacon
  value is fixed exactly as for a job's draws (settings.DRAW_BEACON: the first drand round after
  that moment, or a public number one regulator enters and a second confirms).
- draw: both pools are ranked by bidding.draw version 2 with the same seed and beacon value —
  each pool is its own draw over its own values. The first `agency_count` agencies of the
  agency ranking are inspected; the teams follow `teams` below.
- publish: every drawn agency has its finding; the results are public.

The teams (检查组), from the inspector ranking r[0..n-1] (n inspectors, c per agency):
the k-th drawn agency (k = 0, 1, …, in the agency ranking's order) starts at position
(k × c) mod n and walks the ranking cyclically, taking the first c inspectors without a conflict
of interest with that agency (a standing declaration — former employer, relative, business tie —
or one made for this campaign). Each inspector passed over for a conflict is replaced by the next
one taken (`replaces`). Starting each agency further down the ranking spreads the work over the
whole list instead of sending the same two people everywhere. When fewer than c inspectors are
free of conflicts, the team is short (`short`) and the regulators see it.

An inspector who declares a conflict after the draw leaves the team, and the walk simply goes on:
the next inspector in the ranking after the team's last member who is free of conflicts and not
already in it joins (the same `team` with the new conflict counted).
"""
from dataclasses import dataclass, field

from bidding import draw as draw_algorithm

DRAFT, ANNOUNCED, DRAWN, PUBLISHED = "draft", "announced", "drawn", "published"
STATUSES = (DRAFT, ANNOUNCED, DRAWN, PUBLISHED)

# (from, to) -> the operation's name
TRANSITIONS = {
    (DRAFT, ANNOUNCED): "announce",
    (ANNOUNCED, DRAWN): "draw",
    (DRAWN, PUBLISHED): "publish",
}

EDITABLE = (DRAFT,)
CONFLICT_OPEN = (ANNOUNCED, DRAWN)  # an inspector in the pool may declare a conflict for this campaign
FINDINGS_OPEN = (DRAWN,)
PUBLIC = (ANNOUNCED, DRAWN, PUBLISHED)

MAX_AGENCIES = 200
MAX_INSPECTORS_PER_AGENCY = 10


class WrongState(Exception):
    """The move is not allowed from the campaign's state."""

    def __init__(self, current, target):
        self.current, self.target = current, target
        super().__init__(f"{current} -> {target}")


def can_move(current, target) -> bool:
    return (current, target) in TRANSITIONS


def move(current, target):
    """The state after the move, or WrongState."""
    if not can_move(current, target):
        raise WrongState(current, target)
    return target


# --- the draw ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Member:
    value: str  # the inspector's entry value
    replaces: str | None = None  # the value of the inspector passed over for a conflict


@dataclass(frozen=True)
class Team:
    agency: str  # the agency's entry value
    start: int  # where its walk starts in the inspector ranking
    members: tuple  # Members, in the order taken
    skipped: tuple = ()  # inspectors passed over for a conflict, in walk order

    @property
    def values(self):
        return [member.value for member in self.members]

    def short(self, count) -> bool:
        return len(self.members) < count


def start_of(position: int, count: int, size: int) -> int:
    """Where the walk of the agency drawn at `position` (0-based) starts."""
    return (position * count) % size if size else 0


def team(agency: str, position: int, ranking, count: int, excluded=frozenset()) -> Team:
    """The `count` inspectors for the agency drawn at `position`: the walk described above.
    `excluded`: the inspector values with a conflict with this agency."""
    ranking = list(ranking)
    size = len(ranking)
    start = start_of(position, count, size)
    members, skipped, waiting = [], [], []
    for step in range(size):
        if len(members) >= count:
            break
        value = ranking[(start + step) % size]
        if value in excluded:
            skipped.append(value)
            waiting.append(value)
            continue
        members.append(Member(value=value, replaces=waiting.pop(0) if waiting else None))
    return Team(agency=agency, start=start, members=tuple(members), skipped=tuple(skipped))


@dataclass(frozen=True)
class CampaignDraw:
    """Both rankings and the teams: what a campaign's draw decides."""

    agencies: draw_algorithm.DrawResult
    inspectors: draw_algorithm.DrawResult
    drawn: list  # agency values inspected, in ranking order
    teams: list  # Team per drawn agency, same order
    inspector_count: int = 0
    version: int = draw_algorithm.VERSION

    def short_teams(self):
        return [item for item in self.teams if item.short(self.inspector_count)]


def run(seed, beacon, agency_values, inspector_values, *, agency_count, inspector_count, conflicts=None,
        version=draw_algorithm.VERSION) -> CampaignDraw:
    """The campaign's draw. `conflicts`: {agency value: set of inspector values} that may not
    inspect it. ValueError when a pool is empty or smaller than asked."""
    conflicts = conflicts or {}
    agency_values, inspector_values = list(agency_values), list(inspector_values)
    if agency_count < 1 or agency_count > len(agency_values):
        raise ValueError("agency_count must be between 1 and the agencies in the pool")
    if inspector_count < 1 or inspector_count > len(inspector_values):
        raise ValueError("inspector_count must be between 1 and the inspectors in the pool")
    agencies = draw_algorithm.run(seed, agency_values, beacon=beacon, version=version)
    inspectors = draw_algorithm.run(seed, inspector_values, beacon=beacon, version=version)
    drawn = agencies.ranking[:agency_count]
    teams = [team(value, position, inspectors.ranking, inspector_count, frozenset(conflicts.get(value, ())))
             for position, value in enumerate(drawn)]
    return CampaignDraw(agencies=agencies, inspectors=inspectors, drawn=drawn, teams=teams,
                        inspector_count=inspector_count, version=version)


# --- announcement checks -----------------------------------------------------------------------

@dataclass(frozen=True)
class PoolCheck:
    agencies: int
    inspectors: int
    agency_count: int
    inspector_count: int
    # agencies (ids) that fewer than inspector_count inspectors of the pool may inspect
    unstaffable: list = field(default_factory=list)

    @property
    def too_few_agencies(self):
        return self.agencies < self.agency_count

    @property
    def too_few_inspectors(self):
        return self.inspectors < self.inspector_count

    @property
    def ok(self):
        return not (self.too_few_agencies or self.too_few_inspectors or self.unstaffable)


def check_pools(agency_ids, inspector_ids, *, agency_count, inspector_count, conflicts=None) -> PoolCheck:
    """Whether the pools can carry the campaign: enough agencies to draw `agency_count`, enough
    inspectors for a team, and for every agency enough inspectors without a standing conflict
    (`conflicts`: {agency id: set of inspector ids})."""
    conflicts = conflicts or {}
    agency_ids = list(agency_ids)
    inspectors = set(inspector_ids)
    unstaffable = [agency for agency in agency_ids
                   if len(inspectors - set(conflicts.get(agency, ()))) < inspector_count]
    return PoolCheck(agencies=len(agency_ids), inspectors=len(inspectors), agency_count=agency_count,
                     inspector_count=inspector_count,
                     unstaffable=unstaffable if len(inspectors) >= inspector_count else [])
