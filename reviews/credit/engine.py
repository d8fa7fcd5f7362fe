"""The credit score (信用分), a pure function of an organisation's events and the rule set.

No Django here, and nothing that reads a clock or a database: the same events, rule set and day
always give the same score, line for line, whoever computes it (a page, a task after an event,
`manage.py recompute_credit` in bulk). reviews/credit/events.py gathers the events;
reviews/services/credit.py stores the result and applies its consequences.

The arithmetic, in whole fen of a point (cents) so that lines and sums are exact:

    points        = the event's points by its kind's rule (× weight)
                    review: (average − neutral) × per_star; levels: the level's points
    decay         = 0.5 ^ (age in days / half-life), 1 for a half-life of 0
    contribution  = points × decay, rounded half away from zero to 0.01
    cap lines     = what a kind's contributions gain above cap_gain or lose beyond cap_loss, taken back
    limit line    = what takes the total back into 0–100
    score         = base + every line's contribution

Weights of the three signals of a service's quality (issue 10): an agency profile may give
`weights` {"owner": w1, "department": w2, "platform": w3} (e.g. 5 : 3 : 2). The owner's review
is the reference and counts in full; the approving department's rating counts w2/w1 of its
points, the platform's own records (on-time and late delivery against the promise) w3/w1:

    points        = the event's points × weight × share,   share = w(group) / w(owner)

Kinds outside the three groups (refusals, complaints, regulators' records…) have share 1, and
so does every kind of a profile without `weights` (version 1 of the rule set).

The approving department's rating (department_rating): value = the number of corrections it
demanded, level = "first_pass" | "corrected" | "returned";
points = first_pass for a first-pass acceptance, else per_correction × corrections, plus
returned when the deliverable was returned. An owner's delay (owner_delay): value = the
working days the owner's step ran late; points = per_day × days.

Grades: A, B, C by their thresholds (at or above), D below; none with fewer than min_events
events (暂无足够评价). An agency below watch_below is on the watch list (重点关注), below
suspend_below suspended from bidding.
"""
import datetime
import math
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

PROFILES = ("agency", "owner")
GRADES = ("A", "B", "C")
KINDS = {
    # kind: how its points are given ("per_star", "points" or "levels")
    "review": "per_star",
    "delivery_on_time": "points",
    "delivery_late": "points",
    "signing_refusal": "points",
    "complaint_upheld": "points",
    "inspection_finding": "levels",
    "penalty": "levels",
    "commendation": "points",
    "department_rating": "department",
    "owner_delay": "per_day",
}
LEVELS = ("minor", "serious", "grave")
# The three signals of a service's quality weighed by a profile's `weights`, and their kinds.
WEIGHT_GROUPS = {
    "owner": ("review",),
    "department": ("department_rating",),
    "platform": ("delivery_on_time", "delivery_late"),
}
DEPARTMENT_LEVELS = ("first_pass", "corrected", "returned")
REVIEW_DIMENSIONS = {
    "agency": ("quality", "timeliness", "attitude", "fee_compliance"),  # the owner rates the agency
    "owner": ("payment_timeliness", "cooperation", "integrity"),       # the agency rates the owner
}
CAP_KIND = "cap"
LIMIT_KIND = "limit"


class RuleSetInvalid(ValueError):
    """A rule set that cannot be used; `code` names the problem, `detail` where it is."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class Event(NamedTuple):
    """Something that happened to the organisation. `ref` is unique ("review:12") and orders
    events of the same day; `value` is a review's average (1–5), `level` a penalty's.
    (Events and lines are named tuples: millions are made by a bulk recompute.)"""

    kind: str
    on: datetime.date
    ref: str
    value: float | None = None
    level: str = ""


class Line(NamedTuple):
    kind: str
    on: datetime.date | None
    ref: str
    points: int          # cents
    decay: float
    contribution: int    # cents

    @property
    def is_event(self):
        return self.kind not in (CAP_KIND, LIMIT_KIND)


@dataclass(frozen=True)
class Result:
    base: int            # cents
    score: int           # cents
    grade: str | None    # None: too few events
    events: int
    standing: str        # "active", "watch" or "suspended"
    lines: tuple = field(default_factory=tuple)

    def check(self):
        """The lines sum to the score (an invariant; tests call it on every result)."""
        assert self.base + sum(line.contribution for line in self.lines) == self.score


def half_up(x: float) -> int:
    """Round half away from zero, the same on every machine (no banker's rounding)."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(0.5 - x)


def cents(value) -> int:
    return half_up(float(value) * 100)


# --- the rule set ---------------------------------------------------------------------------------

def _number(rules, key, where, *, low=None, high=None, default=None):
    value = rules.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleSetInvalid("not_a_number", f"{where}.{key}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise RuleSetInvalid("out_of_range", f"{where}.{key}")
    return value


def _check_event_rule(profile, kind, rule):
    where = f"{profile}.events.{kind}"
    if kind not in KINDS:
        raise RuleSetInvalid("unknown_event", where)
    if not isinstance(rule, dict):
        raise RuleSetInvalid("not_a_table", where)
    how = KINDS[kind]
    if how == "per_star":
        _number(rule, "per_star", where, low=0, high=100)
        _number(rule, "neutral", where, low=1, high=5)
    elif how == "department":
        for key in ("first_pass", "per_correction", "returned"):
            _number(rule, key, where, low=-100, high=100)
    elif how == "per_day":
        _number(rule, "per_day", where, low=-100, high=100)
    elif how == "levels":
        levels = rule.get("levels")
        if not isinstance(levels, dict) or set(levels) != set(LEVELS):
            raise RuleSetInvalid("levels_missing", where)
        for level in LEVELS:
            _number(levels, level, f"{where}.levels", low=-100, high=100)
    else:
        _number(rule, "points", where, low=-100, high=100)
    _number(rule, "weight", where, low=0, high=10, default=1)
    _number(rule, "half_life_days", where, low=0, high=36500, default=0)
    _number(rule, "cap_gain", where, low=0, high=100, default=100)
    _number(rule, "cap_loss", where, low=0, high=100, default=100)


def _check_profile(name, profile):
    if not isinstance(profile, dict):
        raise RuleSetInvalid("not_a_table", name)
    _number(profile, "base", name, low=0, high=100)
    _number(profile, "min_events", name, low=0, high=1000)
    _number(profile, "half_life_days", name, low=0, high=36500)
    grades = profile.get("grades")
    if not isinstance(grades, dict) or set(grades) != set(GRADES):
        raise RuleSetInvalid("grades_missing", f"{name}.grades")
    thresholds = [_number(grades, grade, f"{name}.grades", low=0, high=100) for grade in GRADES]
    if not thresholds[0] > thresholds[1] > thresholds[2]:
        raise RuleSetInvalid("grades_overlap", f"{name}.grades")
    if name == "agency":
        watch = _number(profile, "watch_below", name, low=0, high=100)
        suspend = _number(profile, "suspend_below", name, low=0, high=100)
        if suspend > watch:
            raise RuleSetInvalid("suspend_above_watch", name)
    if "weights" in profile:
        weights = profile["weights"]
        if not isinstance(weights, dict) or set(weights) != set(WEIGHT_GROUPS):
            raise RuleSetInvalid("weights_missing", f"{name}.weights")
        for group in WEIGHT_GROUPS:
            _number(weights, group, f"{name}.weights", low=0, high=100)
        if not weights["owner"] > 0:
            raise RuleSetInvalid("owner_weight_zero", f"{name}.weights.owner")
    events = profile.get("events")
    if not isinstance(events, dict) or not events:
        raise RuleSetInvalid("events_missing", f"{name}.events")
    for kind, rule in events.items():
        _check_event_rule(name, kind, rule)


def check_rules(rules):
    """Raise RuleSetInvalid unless `rules` is a usable rule set; returns it."""
    if not isinstance(rules, dict):
        raise RuleSetInvalid("not_a_table", "")
    for name in PROFILES:
        _check_profile(name, rules.get(name))
    redlist = rules.get("redlist")
    if not isinstance(redlist, dict) or redlist.get("grade") not in GRADES:
        raise RuleSetInvalid("redlist_grade", "redlist.grade")
    _number(redlist, "years", "redlist", low=1, high=10)
    review = rules.get("review")
    if not isinstance(review, dict):
        raise RuleSetInvalid("not_a_table", "review")
    _number(review, "window_days", "review", low=1, high=365)
    for profile, dimensions in REVIEW_DIMENSIONS.items():
        defaults = review.get("default", {}).get(profile)
        if not isinstance(defaults, dict) or set(defaults) != set(dimensions):
            raise RuleSetInvalid("default_review_missing", f"review.default.{profile}")
        for dimension in dimensions:
            _number(defaults, dimension, f"review.default.{profile}", low=1, high=5)
    return rules


def default_review(rules, profile):
    """The scores a side's missing review counts as after the window (for `profile`, the rated side)."""
    return dict(rules["review"]["default"][profile])


# --- the score --------------------------------------------------------------------------------------

def shares(profile) -> dict:
    """{kind: its share} for the kinds of the three weighed groups (see the top), from the
    profile's `weights`; empty without them (every kind counts in full)."""
    weights = profile.get("weights")
    if not weights:
        return {}
    return {kind: weights[group] / weights["owner"] for group, kinds in WEIGHT_GROUPS.items() for kind in kinds}


def event_points(event, rule, share=1) -> int:
    how = KINDS[event.kind]
    if how == "per_star":
        points = (float(event.value) - rule["neutral"]) * rule["per_star"]
    elif how == "levels":
        points = rule["levels"].get(event.level or "minor", 0)
    elif how == "department":
        if event.level == "first_pass":
            points = rule["first_pass"]
        else:
            points = rule["per_correction"] * float(event.value or 0)
            if event.level == "returned":
                points += rule["returned"]
    elif how == "per_day":
        points = rule["per_day"] * float(event.value or 0)
    else:
        points = rule["points"]
    return cents(points * rule.get("weight", 1) * share)


@lru_cache(maxsize=1 << 16)
def decay_factor(age_days, half_life_days) -> float:
    return 1.0 if not half_life_days else 0.5 ** (age_days / half_life_days)


def grade_of(score, profile):
    for grade in GRADES:
        if score >= cents(profile["grades"][grade]):
            return grade
    return "D"


def standing_of(score, profile):
    if "suspend_below" in profile and score < cents(profile["suspend_below"]):
        return "suspended"
    if "watch_below" in profile and score < cents(profile["watch_below"]):
        return "watch"
    return "active"


_ORDER = attrgetter("on", "ref")
_new = tuple.__new__  # a line made without the named tuple's keyword handling (millions in bulk)


def _event_lines(events, profile, on, known):
    rules = profile["events"]
    kind_shares = shares(profile)
    half_lives = {}  # kind: its half-life, or None when the profile does not weigh the kind
    lines = []
    append = lines.append
    for event in sorted(events, key=_ORDER):
        kind = event.kind
        if kind not in half_lives:
            rule = rules.get(kind)
            half_lives[kind] = None if rule is None else (rule.get("half_life_days") or profile["half_life_days"])
        half_life = half_lives[kind]
        if half_life is None or event.on > on:
            continue
        key = (kind, event.value, event.level)
        points = known.get(key)
        if points is None:
            points = known[key] = event_points(event, rules[kind], kind_shares.get(kind, 1))
        decay = decay_factor((on - event.on).days, half_life)
        append(_new(Line, (kind, event.on, event.ref, points, decay, half_up(points * decay))))
    return lines


def _cap_lines(lines, profile):
    totals = {}
    for line in lines:
        totals[line.kind] = totals.get(line.kind, 0) + line.contribution
    caps = []
    for kind, total in sorted(totals.items()):
        rule = profile["events"][kind]
        gain, loss = cents(rule.get("cap_gain", 100)), cents(rule.get("cap_loss", 100))
        if total > gain:
            caps.append(Line(CAP_KIND, None, kind, 0, 1.0, gain - total))
        elif total < -loss:
            caps.append(Line(CAP_KIND, None, kind, 0, 1.0, -loss - total))
    return caps


def compute(events, rules, profile_name, on: datetime.date, memo=None) -> Result:
    """The score of an organisation of the kind `profile_name` ("agency" or "owner") on the day
    `on`, from its `events` (events after `on` are left out) under `rules`.

    An event's points depend only on its kind, value and level (a review's average has two
    decimals, a penalty one of three levels): `memo`, a dict the caller keeps for the scores of
    many organisations under the same `rules` and profile, holds them once each."""
    profile = rules[profile_name]
    lines = _event_lines(events, profile, on, {} if memo is None else memo)
    counted = len(lines)
    lines += _cap_lines(lines, profile)
    base = cents(profile["base"])
    total = base + sum(line.contribution for line in lines)
    if not 0 <= total <= 10000:
        limited = min(max(total, 0), 10000)
        lines.append(Line(LIMIT_KIND, None, "", 0, 1.0, limited - total))
        total = limited
    grade = grade_of(total, profile) if counted >= profile["min_events"] else None
    return Result(base=base, score=total, grade=grade, events=counted,
                  standing=standing_of(total, profile), lines=tuple(lines))


def causes(result, limit=5):
    """The lines that cost the most (negative contributions, largest loss first): what an agency
    is told when the rules put it on the watch list or suspend it."""
    negative = [line for line in result.lines if line.contribution < 0]
    return sorted(negative, key=lambda line: (line.contribution, line.ref))[:limit]
