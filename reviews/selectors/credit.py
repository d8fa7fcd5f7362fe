"""Reads of the credit part: an organisation's score explained line by line (for its public
page), the rule set in words as tables (for the regulators' pages), its versions, and the
regulators' credit records. Never writes: the explanation is computed on the fly, by the same
events and engine as the stored score (reviews/services/credit.py)."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.access import regulator_for
from providers.models import Organisation, Standing

from ..credit import engine, explain
from ..credit import events as credit_events
from ..credit.rulesets import current_ruleset
from ..errors.credit import PART_LABELS
from ..models import CreditAction, CreditPeriod, GradeChange, RuleSet


@dataclass(frozen=True)
class ExplanationLine:
    kind: str
    label: str
    description: str
    on: object            # a date, or None for a cap or the 0–100 limit
    points: Decimal       # the event's points before decay
    decay: Decimal        # the decay factor, four decimals (1 for no decay)
    contribution: Decimal  # what the line adds to the score (points × decay, to 0.01)
    ref: str = ""

    @property
    def is_event(self):
        return self.kind not in (engine.CAP_KIND, engine.LIMIT_KIND)


@dataclass(frozen=True)
class Explanation:
    """An organisation's score as the rules give it at a moment: `base` plus every line's
    contribution is `score` (to the cent). `grade` is None with fewer than `min_events` events
    (暂无足够评价)."""

    result: engine.Result
    lines: list
    base: Decimal
    score: Decimal
    grade: str | None
    events: int
    min_events: int
    rule_version: int
    standing: str
    at: object = None

    @property
    def has_grade(self):
        return self.grade is not None

    @property
    def standing_label(self):
        return Standing(self.standing).label


def credit_explanation(organisation, at=None):
    """The score of `organisation` (an agency or an owner) at the moment `at` (now), explained:
    each event with its date, points, decay and contribution, then the caps and the 0–100 limit.
    A handful of queries whatever the number of events."""
    at = at or timezone.now()
    ruleset = current_ruleset()
    rules, profile = ruleset.rules, organisation.kind
    events = credit_events.gather(profile, at=at, rules=rules, ids=[organisation.pk]).get(organisation.pk, [])
    result = engine.compute(events, rules, profile, timezone.localdate(at))
    described = explain.describe(line.ref for line in result.lines if line.is_event)
    lines = [
        ExplanationLine(
            kind=line.kind, label=explain.label(line.kind), description=explain.line_description(line, described),
            on=line.on, points=explain.points(line.points),
            decay=Decimal(repr(line.decay)).quantize(Decimal("0.0001"), ROUND_HALF_UP),
            contribution=explain.points(line.contribution), ref=line.ref)
        for line in result.lines
    ]
    return Explanation(
        result=result, lines=lines, base=explain.points(result.base), score=explain.points(result.score),
        grade=result.grade, events=result.events, min_events=int(rules[profile]["min_events"]),
        rule_version=ruleset.version, standing=result.standing if profile == "agency" else Standing.ACTIVE, at=at,
    )


def credit_history(organisation):
    """(grade changes, watch-list and suspension periods) of an organisation, newest first."""
    return (list(GradeChange.objects.filter(organisation=organisation).order_by("-at", "-pk")),
            list(CreditPeriod.objects.filter(organisation=organisation).order_by("-started_at", "-pk")))


# --- the rule set in words ------------------------------------------------------------------------

PROFILE_LABELS = {"agency": _("中介机构"), "owner": _("项目业主")}
WEIGHT_GROUP_LABELS = {"owner": _("业主评价"), "department": _("审批部门评价"), "platform": _("平台记录")}
NO_DECAY = _("不衰减")


@dataclass(frozen=True)
class EventRow:
    kind: str
    label: str
    points: str       # in words: "+1", "每高于 3 分 +4", "一般 −5 / 较重 −15 / 严重 −30"
    weight: object
    half_life: str
    cap_gain: object
    cap_loss: object


def _signed(value):
    text = explain.number(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def _points_in_words(kind, rule):
    how = engine.KINDS[kind]
    if how == "per_star":
        return str(_("以 %(neutral)s 分为中性，每高 1 分 %(plus)s、每低 1 分 %(minus)s") % {
            "neutral": explain.number(rule["neutral"]), "plus": _signed(rule["per_star"]),
            "minus": _signed(-rule["per_star"])})
    if how == "levels":
        return " / ".join(f"{label} {_signed(rule['levels'][level])}"
                          for level, label in CreditAction.Level.choices)
    if how == "department":
        return str(_("一次通过 %(first)s；每次补正 %(each)s；退回另计 %(returned)s") % {
            "first": _signed(rule["first_pass"]), "each": _signed(rule["per_correction"]),
            "returned": _signed(rule["returned"])})
    if how == "per_day":
        return str(_("每逾期 1 个工作日 %(points)s") % {"points": _signed(rule["per_day"])})
    return _signed(rule["points"])


def weights_in_words(profile_rules):
    """A profile's weights of the three signals in words ("业主评价 5 : 审批部门评价 3 : 平台记录 2"),
    or "" without them."""
    weights = profile_rules.get("weights")
    if not weights:
        return ""
    return " : ".join(f"{WEIGHT_GROUP_LABELS[group]} {explain.number(weights[group])}"
                      for group in engine.WEIGHT_GROUPS)


def _weight(kind, rule, profile_rules):
    """The kind's weight, with its share of the three signals' weights when it has one ("1 × 3/5")."""
    text = explain.number(rule.get("weight", 1))
    weights = profile_rules.get("weights")
    for group, kinds in engine.WEIGHT_GROUPS.items():
        if weights and kind in kinds and group != "owner":
            text += f" × {explain.number(weights[group])}/{explain.number(weights['owner'])}"
    return text


def event_rows(rules, profile):
    """The events of a profile with their points, weight, half-life and caps, in the engine's order."""
    profile_rules = rules[profile]
    rows = []
    for kind in engine.KINDS:
        rule = profile_rules["events"].get(kind)
        if rule is None:
            continue
        half_life = rule.get("half_life_days") or profile_rules["half_life_days"]
        rows.append(EventRow(
            kind=kind, label=explain.label(kind), points=_points_in_words(kind, rule),
            weight=_weight(kind, rule, profile_rules),
            half_life=str(_("%(days)s 天") % {"days": explain.number(half_life)}) if half_life else str(NO_DECAY),
            cap_gain=explain.number(rule.get("cap_gain", 100)), cap_loss=explain.number(rule.get("cap_loss", 100))))
    return rows


@dataclass(frozen=True)
class ProfileRules:
    profile: str
    label: str
    base: str
    min_events: str
    half_life: str
    grades: list        # [(grade, "≥ 90")…, ("D", "< 60")]
    watch_below: str    # "" for owners
    suspend_below: str
    events: list
    weights: str = ""   # the three signals' weights in words, "" without them


def profile_rules(rules, profile):
    p = rules[profile]
    grades = [(grade, f"≥ {explain.number(p['grades'][grade])}") for grade in engine.GRADES]
    grades.append(("D", f"< {explain.number(p['grades'][engine.GRADES[-1]])}"))
    return ProfileRules(
        profile=profile, label=str(PROFILE_LABELS[profile]), base=explain.number(p["base"]),
        min_events=explain.number(p["min_events"]),
        half_life=str(_("%(days)s 天") % {"days": explain.number(p["half_life_days"])}) if p["half_life_days"]
        else str(NO_DECAY),
        grades=grades, watch_below=explain.number(p["watch_below"]) if "watch_below" in p else "",
        suspend_below=explain.number(p["suspend_below"]) if "suspend_below" in p else "",
        events=event_rows(rules, profile), weights=weights_in_words(p))


def rules_in_words(rules):
    """The whole rule set as tables: each profile's rules, the red-list rule and the reviews'
    window and defaults."""
    review = rules["review"]
    return {
        "profiles": [profile_rules(rules, profile) for profile in engine.PROFILES],
        "redlist": {"grade": rules["redlist"]["grade"], "years": explain.number(rules["redlist"]["years"])},
        "window_days": explain.number(review["window_days"]),
        "defaults": [
            (str(PROFILE_LABELS[profile]),
             [(str(PART_LABELS[dimension]), explain.number(review["default"][profile][dimension]))
              for dimension in engine.REVIEW_DIMENSIONS[profile]])
            for profile in engine.PROFILES],
    }


# --- versions and records -------------------------------------------------------------------------

def ruleset_versions():
    return list(RuleSet.objects.select_related("created_by").order_by("-version"))


def ruleset_version(version):
    try:
        return RuleSet.objects.select_related("created_by").get(version=version)
    except RuleSet.DoesNotExist:
        raise Http404 from None


def credit_actions_for_regulator(user):
    """Every regulator's credit records, newest first (PermissionDenied for anyone else)."""
    regulator_for(user)
    return CreditAction.objects.select_related("organisation", "decided_by").order_by("-decided_at", "-pk")


def organisation_by_uscc(uscc):
    """The organisation with this USCC (an agency first when an owner shares it), or None."""
    code = str(uscc or "").strip().upper()
    if not code:
        return None
    return Organisation.objects.filter(uscc=code).order_by("kind").first()
