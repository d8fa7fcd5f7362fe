"""The pure credit engine (reviews/credit/engine.py): scores and grades computed by hand, decay
with the clock moved, caps and the 0–100 limit, lines that always sum to the score, and no
Django in its imports. No database."""
import ast
import copy
import datetime
import random
from pathlib import Path

import pytest

from reviews.credit import engine
from reviews.credit.defaults import DEFAULT_RULES

DAY = datetime.date(2026, 6, 30)
RULES = DEFAULT_RULES


def ev(kind, days_ago=0, n=0, value=None, level=""):
    return engine.Event(kind, DAY - datetime.timedelta(days=days_ago), f"{kind}:{n}", value=value, level=level)


def reviews(*values, days_ago=0):
    return [ev("review", days_ago, n, value=value) for n, value in enumerate(values)]


# Histories of an agency under the shipped rule set v1 (base 80; review (avg − 3) × 4, gains
# capped at 15; on time +1; late −3; refusal −10; upheld complaint −8; penalties −5/−15/−30 with a
# half-life of 730 days; commendation +5 capped at 10; half-life 365 days; A ≥ 90, B ≥ 75,
# C ≥ 60; watch below 65, suspend below 50; a grade from 3 events), worked out by hand.
AGENCY_TABLE = [
    # (name, events, score, grade, standing)
    ("no events: the base, no grade", [], "80.00", None, "active"),
    ("two good reviews are too few for a grade", reviews(5, 5), "95.00", None, "active"),
    ("three fives gain 24, capped at 15", reviews(5, 5, 5), "95.00", "A", "active"),
    ("4 + 4 + 3 stars", reviews(4, 4, 3), "88.00", "B", "active"),
    ("averages with decimals: 4.25, 3.50, 2.75", reviews(4.25, 3.5, 2.75), "86.00", "B", "active"),
    ("a refusal and two late deliveries: on the watch list",
     [ev("signing_refusal"), ev("delivery_late", n=1), ev("delivery_late", n=2)], "64.00", "C", "watch"),
    ("on time three times (+3) and one late (−3)",
     [ev("delivery_on_time", n=n) for n in range(3)] + [ev("delivery_late", n=9)], "80.00", "B", "active"),
    ("a grave penalty, a refusal and a late delivery: suspended",
     [ev("penalty", level="grave"), ev("signing_refusal", n=1), ev("delivery_late", n=2)], "37.00", "D",
     "suspended"),
    ("an upheld complaint, a serious finding and a one-star review",
     [ev("complaint_upheld"), ev("inspection_finding", level="serious", n=1), *reviews(1)], "54.00", "D", "watch"),
    ("three commendations (+15, capped at 10) and three fives (capped at 15) pass 100",
     [ev("commendation", n=n) for n in range(3)] + reviews(5, 5, 5), "100.00", "A", "active"),
    ("three grave penalties and three refusals fall below 0",
     [ev("penalty", level="grave", n=n) for n in range(3)] + [ev("signing_refusal", n=n) for n in range(3)],
     "0.00", "D", "suspended"),
    ("five late (−15), one on time (+1): 66 is C, not watched",
     [ev("delivery_late", n=n) for n in range(5)] + [ev("delivery_on_time", n=9)], "66.00", "C", "active"),
]


@pytest.mark.parametrize("name,events,score,grade,standing", AGENCY_TABLE, ids=[row[0] for row in AGENCY_TABLE])
def test_agency_histories_computed_by_hand(name, events, score, grade, standing):
    result = engine.compute(events, RULES, "agency", DAY)
    result.check()
    assert f"{result.score / 100:.2f}" == score
    assert result.grade == grade
    assert result.standing == standing


def test_owner_histories_computed_by_hand():
    # owner profile: reviews by agencies, upheld complaints −5, no watch list
    result = engine.compute(reviews(2, 2, 3) + [ev("complaint_upheld", n=7)], RULES, "owner", DAY)
    assert (result.score, result.grade, result.standing) == (8000 - 400 - 400 - 500, "C", "active")
    # an agency-only event does not count for an owner
    assert engine.compute([ev("signing_refusal")], RULES, "owner", DAY).events == 0


def test_thresholds_are_inclusive():
    rules = copy.deepcopy(RULES)
    at_b = [ev("delivery_late", n=n) for n in range(2)] + [ev("delivery_on_time", n=9)]  # 80 − 6 + 1 = 75
    assert engine.compute(at_b, rules, "agency", DAY).grade == "B"
    watch_edge = [ev("delivery_late", n=n) for n in range(5)]  # 65: not below the watch line
    result = engine.compute(watch_edge, rules, "agency", DAY)
    assert (result.score, result.standing) == (6500, "active")
    assert engine.compute(watch_edge + [ev("signing_refusal")], rules, "agency", DAY).standing == "watch"


def test_decay_halves_an_event_every_half_life_as_the_clock_moves():
    refusal = [engine.Event("signing_refusal", DAY, "refusal:1")]
    scores = [engine.compute(refusal, RULES, "agency", DAY + datetime.timedelta(days=days)).score
              for days in (0, 365, 730, 1095)]
    assert scores == [7000, 7500, 7750, 7875]  # −10, −5, −2.5, −1.25
    # a penalty has its own half-life of 730 days
    penalty = [engine.Event("penalty", DAY, "action:1", level="serious")]
    assert engine.compute(penalty, RULES, "agency", DAY + datetime.timedelta(days=730)).score == 8000 - 750
    # 100 days: 532 × 0.5^(100/365) = 439.98… → 4.40
    review = [engine.Event("review", DAY, "review:1", value=4.33)]
    line = engine.compute(review, RULES, "agency", DAY + datetime.timedelta(days=100)).lines[0]
    assert (line.points, line.contribution) == (532, 440)


def test_events_after_the_day_do_not_count_yet():
    later = [engine.Event("signing_refusal", DAY + datetime.timedelta(days=1), "refusal:1")]
    assert engine.compute(later, RULES, "agency", DAY).score == 8000
    assert engine.compute(later, RULES, "agency", DAY + datetime.timedelta(days=1)).score == 7000


def test_the_same_inputs_give_the_same_score_whatever_the_order():
    events = reviews(4, 2, 5, 3.5) + [ev("penalty", 30, level="minor"), ev("delivery_late", 200, n=2)]
    first = engine.compute(events, RULES, "agency", DAY)
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    assert engine.compute(shuffled, RULES, "agency", DAY) == first


def test_caps_take_back_what_a_kind_gains_or_loses_beyond_them():
    result = engine.compute(reviews(5, 5, 5, 5), RULES, "agency", DAY)  # +32, capped at +15
    caps = [line for line in result.lines if line.kind == engine.CAP_KIND]
    assert [(line.ref, line.contribution) for line in caps] == [("review", -1700)]
    losses = engine.compute([ev("delivery_late", n=n) for n in range(12)], RULES, "agency", DAY)  # −36 → −30
    assert [line.contribution for line in losses.lines if line.kind == engine.CAP_KIND] == [600]
    assert losses.score == 5000


def test_the_score_stays_within_0_and_100_with_a_limit_line():
    high = engine.compute([ev("commendation", n=n) for n in range(2)] + reviews(5, 5, 5), RULES, "agency", DAY)
    assert high.score == 10000 and high.lines[-1].kind == engine.LIMIT_KIND and high.lines[-1].contribution == -500
    low = engine.compute([ev("penalty", level="grave", n=n) for n in range(4)], RULES, "agency", DAY)
    assert low.score == 0 and low.lines[-1].kind == engine.LIMIT_KIND


def _random_history(rnd, n):
    events = []
    for i in range(n):
        kind = rnd.choice(list(engine.KINDS))
        value = rnd.choice([1, 1.33, 2.5, 3, 3.67, 4.25, 5]) if kind == "review" else None
        level = rnd.choice(engine.LEVELS) if engine.KINDS[kind] == "levels" else ""
        events.append(engine.Event(kind, DAY - datetime.timedelta(days=rnd.randint(0, 2000)), f"{kind}:{i}",
                                   value=value, level=level))
    return events


@pytest.mark.parametrize("seed", range(200))
def test_lines_sum_to_the_score_for_random_histories(seed):
    rnd = random.Random(seed)
    for profile in engine.PROFILES:
        result = engine.compute(_random_history(rnd, rnd.randint(0, 60)), RULES, profile, DAY)
        assert result.base + sum(line.contribution for line in result.lines) == result.score
        assert 0 <= result.score <= 10000
        result.check()


def test_causes_are_the_costliest_lines_first():
    events = [ev("delivery_late"), ev("penalty", n=1, level="serious"), ev("signing_refusal", n=2), *reviews(5)]
    result = engine.compute(events, RULES, "agency", DAY)
    assert [line.kind for line in engine.causes(result)] == ["penalty", "signing_refusal", "delivery_late"]


def test_the_engine_imports_nothing_from_django_or_the_apps():
    source = Path(engine.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports (they would reach the app)"
            imported.add(node.module.split(".")[0])
    assert imported <= {"datetime", "math", "dataclasses", "functools", "operator", "typing"}, imported


# --- the rule set's check -----------------------------------------------------------------------

def changed(path, value):
    rules = copy.deepcopy(RULES)
    *parents, key = path.split(".")
    node = rules
    for part in parents:
        node = node[part]
    node[key] = value
    return rules


@pytest.mark.parametrize("path,value,code", [
    ("agency.grades.B", 95, "grades_overlap"),
    ("owner.grades.C", 75, "grades_overlap"),
    ("agency.suspend_below", 70, "suspend_above_watch"),
    ("agency.base", 120, "out_of_range"),
    ("agency.events.review.per_star", "four", "not_a_number"),
    ("agency.events.penalty.levels", {"minor": -5}, "levels_missing"),
    ("redlist.grade", "D", "redlist_grade"),
    ("review.window_days", 0, "out_of_range"),
])
def test_check_rules_refuses_unusable_rule_sets(path, value, code):
    with pytest.raises(engine.RuleSetInvalid) as refused:
        engine.check_rules(changed(path, value))
    assert refused.value.code == code


def test_the_shipped_rule_set_passes_its_check():
    assert engine.check_rules(copy.deepcopy(RULES))
