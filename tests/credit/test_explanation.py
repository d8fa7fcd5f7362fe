"""credit_explanation: every line of an organisation's score in words, with Decimals that sum to
the score it stores (reviews.selectors.credit, shown on the public page by part D)."""
import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from providers.models import Organisation
from reviews.credit.rulesets import current_ruleset
from reviews.selectors.credit import credit_explanation
from reviews.services.credit import credit_update
from tests.factories import AgencyFactory, OwnerFactory
from tests.factories.credit import CreditActionFactory, delivery_of, refusal_of, review_of

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 6, 30, 10, 0))


def test_each_line_is_explained_and_the_lines_sum_to_the_stored_score():
    agency = AgencyFactory()
    review = review_of(agency, "4.25", at=NOW - datetime.timedelta(days=365))
    refusal_of(agency, at=NOW)
    delivery_of(agency, days_late=3, at=NOW - datetime.timedelta(days=30))
    CreditActionFactory(organisation=agency, kind="penalty", level="serious", decided_at=NOW)
    explanation = credit_explanation(agency, at=NOW)
    assert explanation.base + sum(line.contribution for line in explanation.lines) == explanation.score
    credit_update([agency.pk], at=NOW)
    assert Organisation.objects.get(pk=agency.pk).credit_score == explanation.score
    by_kind = {line.kind: line for line in explanation.lines}
    line = by_kind["review"]
    assert line.label == "双方评价" and line.on == datetime.date(2025, 6, 30)
    assert line.description == f"合同 {review.contract.number} 业主评价 4.25 分"
    assert (line.points, line.decay, line.contribution) == (Decimal("5.00"), Decimal("0.5000"), Decimal("2.50"))
    assert by_kind["signing_refusal"].contribution == Decimal("-10.00")
    assert "超出 3 个工作日" in by_kind["delivery_late"].description
    assert by_kind["penalty"].description.startswith("较重情节：")
    version = current_ruleset().version
    assert (explanation.grade, explanation.events, explanation.min_events, explanation.rule_version) == ("D", 4, 3,
                                                                                                          version)
    assert (explanation.score, explanation.standing) == (Decimal("54.67"), "watch")  # 80 + 2.50 − 10 − 2.83 − 15


def test_too_few_events_explain_a_score_without_a_grade():
    explanation = credit_explanation(AgencyFactory(), at=NOW)
    assert (explanation.score, explanation.grade, explanation.lines) == (Decimal("80.00"), None, [])


def test_caps_and_the_limit_are_lines_too():
    agency = AgencyFactory()
    for _ in range(3):
        review_of(agency, 5, at=NOW)
        CreditActionFactory(organisation=agency, kind="commendation", decided_at=NOW)
    explanation = credit_explanation(agency, at=NOW)
    kinds = [line.kind for line in explanation.lines]
    assert kinds.count("cap") == 2 and kinds[-1] == "limit"
    assert explanation.score == Decimal("100.00")
    assert "超出加分上限" in explanation.lines[-2].description
    assert explanation.base + sum(line.contribution for line in explanation.lines) == explanation.score


def test_lines_sum_to_the_score_for_random_histories():
    rnd = random.Random(1)
    for _ in range(6):
        org = rnd.choice([AgencyFactory, OwnerFactory])()
        for _ in range(rnd.randint(0, 8)):
            at = NOW - datetime.timedelta(days=rnd.randint(0, 1500))
            kind = rnd.choice(["review", "action", "refusal", "delivery"])
            if kind == "review":
                review_of(org, rnd.choice(["1.00", "2.33", "4.67", "5.00"]), at=at)
            elif kind == "action":
                CreditActionFactory(organisation=org, kind=rnd.choice(["penalty", "commendation"]),
                                    level=rnd.choice(["minor", "serious", "grave"]), decided_at=at)
            elif org.kind == "agency" and kind == "refusal":
                refusal_of(org, at=at)
            elif org.kind == "agency":
                delivery_of(org, days_late=rnd.randint(-1, 5), at=at)
        explanation = credit_explanation(org, at=NOW)
        assert explanation.base + sum(line.contribution for line in explanation.lines) == explanation.score
        assert all(line.label and line.description for line in explanation.lines)
