"""The approving department's rating flows into the agency's credit score, weighed beside the
owner's review and the platform's records by the rule set's weights (version 2: 5 : 3 : 2), and
the owner's late steps become owner credit events — every figure computed by hand.

Rule set version 2 (reviews/migrations/0004): agency base 80, half-life 365 days;
    review            (average − 3) × 4, share 5/5 = 1
    department_rating first pass +5; else −2 per correction, −8 more when returned; share 3/5
    delivery_on_time  +2.5, share 2/5  → +1.00 (as in version 1)
    delivery_late     −7.5, share 2/5  → −3.00 (as in version 1)
owner: owner_delay −0.5 per working day late, losses capped at 20."""
import copy
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from providers.models import Organisation
from reviews.credit import engine
from reviews.credit.defaults import DEFAULT_RULES
from reviews.credit.rulesets import current_rules, current_ruleset
from reviews.selectors.credit import credit_explanation
from reviews.services.credit import credit_update
from reviews.services.department import department_rating_record
from reviews.services.rulesets import ruleset_publish
from tests.factories import (
    AgencyFactory,
    DepartmentRatingFactory,
    OwnerFactory,
    RegulatorFactory,
    accepted_contract,
    owner_step_of,
    rater_for,
)
from tests.factories.credit import delivery_of, review_of

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 6, 30, 10, 0))
YEAR_AGO = NOW - datetime.timedelta(days=365)


def stored(org):
    return Organisation.objects.get(pk=org.pk)


def rating_of(agency, *, at, first_pass=True, corrections=0, returned=False):
    return DepartmentRatingFactory(contract=accepted_contract(agency=agency), first_pass=first_pass,
                                   corrections=corrections, returned=returned, rated_at=at)


def lines_by_ref(explanation):
    return {line.ref: (line.kind, line.points, line.decay, line.contribution) for line in explanation.lines}


def test_the_migrations_ship_version_2_with_the_weights_and_the_new_events():
    ruleset = current_ruleset()
    assert ruleset.version == 2 and "5 : 3 : 2" in ruleset.note
    rules = ruleset.rules
    assert rules["agency"]["weights"] == {"owner": 5, "department": 3, "platform": 2}
    assert rules["agency"]["events"]["department_rating"] == {
        "first_pass": 5, "per_correction": -2, "returned": -8, "cap_gain": 15, "cap_loss": 30}
    assert rules["agency"]["events"]["delivery_on_time"]["points"] == 2.5
    assert rules["agency"]["events"]["delivery_late"]["points"] == -7.5
    assert rules["owner"]["events"]["owner_delay"] == {"per_day": -0.5, "cap_loss": 20}
    assert engine.check_rules(rules) is rules


def test_a_first_pass_rating_adds_three_fifths_of_its_points():
    agency = AgencyFactory()
    review_of(agency, Decimal("4.50"), at=NOW)      # (4.5 − 3) × 4        = +6.00
    rating = rating_of(agency, at=NOW)              # +5 × 3/5             = +3.00
    delivery = delivery_of(agency, days_late=0, at=NOW)  # +2.5 × 2/5      = +1.00
    credit_update([agency.pk], at=NOW)
    row = stored(agency)
    assert (row.credit_score, row.credit_grade) == (Decimal("90.00"), "A")  # 80 + 6 + 3 + 1
    explanation = credit_explanation(row, at=NOW)
    lines = lines_by_ref(explanation)
    assert lines[f"rating:{rating.pk}"] == ("department_rating", Decimal("3.00"), Decimal("1.0000"), Decimal("3.00"))
    assert lines[f"delivery:{delivery.pk}"][1:] == (Decimal("1.00"), Decimal("1.0000"), Decimal("1.00"))
    line = next(line for line in explanation.lines if line.kind == "department_rating")
    department = rating.department
    assert line.label == "审批部门评价"
    assert line.description == f"合同 {rating.contract.number} {department}评价：一次通过"
    assert explanation.score == Decimal("90.00") and explanation.rule_version == 2


def test_corrections_and_a_return_cost_the_agency_with_decay():
    agency = AgencyFactory()
    review_of(agency, Decimal("4.50"), at=NOW)                                # +6.00
    # a year old: (−2 × 2 − 8) × 0.6 = −7.20, decayed by half: −3.60
    old = rating_of(agency, at=YEAR_AGO, first_pass=False, corrections=2, returned=True)
    once = rating_of(agency, at=NOW, first_pass=False, corrections=1)         # −2 × 0.6 = −1.20
    delivery_of(agency, days_late=3, at=NOW)                                  # −7.5 × 0.4 = −3.00
    credit_update([agency.pk], at=NOW)
    assert stored(agency).credit_score == Decimal("78.20")  # 80 + 6 − 3.60 − 1.20 − 3.00
    lines = lines_by_ref(credit_explanation(stored(agency), at=NOW))
    assert lines[f"rating:{old.pk}"] == ("department_rating", Decimal("-7.20"), Decimal("0.5000"), Decimal("-3.60"))
    assert lines[f"rating:{once.pk}"] == ("department_rating", Decimal("-1.20"), Decimal("1.0000"), Decimal("-1.20"))
    descriptions = {line.ref: line.description for line in credit_explanation(stored(agency), at=NOW).lines}
    assert descriptions[f"rating:{old.pk}"].endswith("评价：要求补正 2 次，退回")


def test_under_version_1_the_same_history_ignores_the_ratings():
    """Version 1 stays as published: no weights, no department ratings (an explanation computed
    under it reads the same lines as before the issue)."""
    agency = AgencyFactory()
    review_of(agency, Decimal("4.50"), at=NOW)
    rating_of(agency, at=NOW, first_pass=False, corrections=1)
    delivery_of(agency, days_late=3, at=NOW)
    from reviews.credit import events as credit_events

    events = credit_events.gather("agency", at=NOW, rules=DEFAULT_RULES, ids=[agency.pk])[agency.pk]
    assert sorted(event.kind for event in events) == ["delivery_late", "department_rating", "review"]
    v1 = engine.compute(events, DEFAULT_RULES, "agency", NOW.date())
    v2 = engine.compute(events, current_rules(), "agency", NOW.date())
    assert (v1.score, v1.events) == (8300, 2)   # 80 + 6 − 3
    assert (v2.score, v2.events) == (8180, 3)   # 80 + 6 − 1.20 − 3


def test_the_weights_are_the_rule_set_s():
    """A regulator sets the three weights equal (5 : 5 : 5): the department's first pass then
    counts its full 5 points, an on-time delivery its full 2.5."""
    agency = AgencyFactory()
    review_of(agency, Decimal("4.50"), at=NOW)
    rating_of(agency, at=NOW)
    delivery_of(agency, days_late=0, at=NOW)
    rules = copy.deepcopy(current_rules())
    rules["agency"]["weights"] = {"owner": 5, "department": 5, "platform": 5}
    ruleset_publish(actor=RegulatorFactory().user, rules=rules, note="三方权重相同。")
    credit_update([agency.pk], at=NOW)
    assert stored(agency).credit_score == Decimal("93.50")  # 80 + 6 + 5 + 2.5


def test_the_department_s_gains_are_capped():
    agency = AgencyFactory()
    for _ in range(6):  # 6 × 3.00 = 18.00, capped at 15
        rating_of(agency, at=NOW)
    credit_update([agency.pk], at=NOW)
    assert stored(agency).credit_score == Decimal("95.00")
    cap = [line for line in credit_explanation(stored(agency), at=NOW).lines if line.kind == engine.CAP_KIND]
    assert [(line.ref, line.contribution) for line in cap] == [("department_rating", Decimal("-3.00"))]


def test_a_rating_recorded_by_the_department_moves_the_stored_score(django_capture_on_commit_callbacks):
    contract = accepted_contract()
    with django_capture_on_commit_callbacks(execute=True):
        department_rating_record(actor=rater_for(contract), contract=contract, first_pass=True, corrections=0,
                                 returned=False, note="")
    agency = stored(contract.agency)
    assert agency.credit_score == Decimal("83.00") and agency.credit_grade == ""  # 80 + 3; one event: no grade


@pytest.mark.parametrize("weights,code", [
    ({"owner": 5, "department": 3}, "weights_missing"),
    ({"owner": 0, "department": 3, "platform": 2}, "owner_weight_zero"),
    ({"owner": 5, "department": -1, "platform": 2}, "out_of_range"),
])
def test_weights_the_engine_cannot_use_are_refused(weights, code):
    rules = copy.deepcopy(current_rules())
    rules["agency"]["weights"] = weights
    with pytest.raises(engine.RuleSetInvalid) as refused:
        engine.check_rules(rules)
    assert refused.value.code == code


# --- the owner's delays ---------------------------------------------------------------------------

def test_late_steps_become_owner_credit_events():
    owner = OwnerFactory()
    done = owner_step_of(owner, late_days=3, at=NOW)                 # −0.5 × 3 = −1.50, today
    still_open = owner_step_of(owner, late_days=4, at=NOW, done=False)  # −2.00 on its due day, 4 days ago
    owner_step_of(owner, late_days=0, at=NOW)                        # on time: no event
    later = owner_step_of(owner, late_days=2, at=NOW + datetime.timedelta(days=1))  # after NOW: not yet
    credit_update([owner.pk], at=NOW)
    # decay of 4 days: 0.5 ** (4 / 365) = 0.99243…; −2.00 × 0.99243 = −1.98
    assert stored(owner).credit_score == Decimal("76.52")  # 80 − 1.50 − 1.98
    explanation = credit_explanation(stored(owner), at=NOW)
    lines = lines_by_ref(explanation)
    assert lines[f"ownerstep:{done.pk}"] == ("owner_delay", Decimal("-1.50"), Decimal("1.0000"), Decimal("-1.50"))
    assert lines[f"ownerstep:{still_open.pk}"] == ("owner_delay", Decimal("-2.00"), Decimal("0.9924"),
                                                   Decimal("-1.98"))
    assert f"ownerstep:{later.pk}" not in lines and len(lines) == 2
    descriptions = {line.ref: (line.label, line.description) for line in explanation.lines}
    assert descriptions[f"ownerstep:{done.pk}"] == (
        "业主逾期办理", f"合同 {done.contract.number} 签订合同（{done.subject}）逾期 3 个工作日")
    assert descriptions[f"ownerstep:{still_open.pk}"][1].endswith("逾期 4 个工作日，尚未办理")


def test_an_owner_s_delay_losses_are_capped_at_20():
    owner = OwnerFactory()
    for _ in range(5):  # 5 × 10 days × −0.5 = −25, capped at −20
        owner_step_of(owner, late_days=10, at=NOW)
    credit_update([owner.pk], at=NOW)
    assert stored(owner).credit_score == Decimal("60.00")


def test_the_clock_finding_a_step_late_recomputes_the_owner(django_capture_on_commit_callbacks):
    """contracts' clock stores an open step's late days (audited the first time): the owner's
    stored score follows at once, with the step's line."""
    from contracts.services.owner_steps import step_late_update

    owner = OwnerFactory()
    step = owner_step_of(owner, late_days=0, at=timezone.now() - datetime.timedelta(days=15), done=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert step_late_update(step.pk) is True
    step.refresh_from_db()
    assert step.late_days > 0
    row = stored(owner)
    line = next(line for line in credit_explanation(row).lines if line.ref == f"ownerstep:{step.pk}")
    assert line.points == Decimal("-0.5") * step.late_days
    assert row.credit_score == Decimal("80.00") + line.contribution < Decimal("80.00")
