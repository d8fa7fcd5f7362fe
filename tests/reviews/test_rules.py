"""The rules of reviews (reviews/rules.py): the window, blindness as a function and as a filter
(the same answer), the scores, the average, who may appeal."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reviews import errors, rules
from reviews.models import Review
from tests.factories.reviews import ReviewFactory, open_contract

from .conftest import WINDOW

pytestmark = pytest.mark.django_db
D = Review.Direction


def test_the_window_opens_when_the_deliverables_are_all_filed_and_closes_fifteen_days_later():
    contract = open_contract(filed_ago=datetime.timedelta(0))
    opens = contract.deliverables_filed_at
    assert rules.window(contract) == (opens, opens + WINDOW)
    assert not rules.window_open(contract, opens - datetime.timedelta(seconds=1))
    assert rules.window_open(contract, opens)
    assert rules.window_open(contract, opens + WINDOW - datetime.timedelta(microseconds=1))
    assert not rules.window_open(contract, opens + WINDOW) and rules.window_closed(contract, opens + WINDOW)
    contract.deliverables_filed_at = None
    assert rules.window(contract) is None
    assert not rules.window_open(contract, opens) and not rules.window_closed(contract, opens + 2 * WINDOW)


def _shown_by_filter(review, now):
    return Review.objects.filter(rules.shown_q(now)).filter(pk=review.pk).exists()


def test_a_review_is_shown_once_both_are_in_or_the_window_closed_and_the_filter_agrees():
    contract = open_contract(filed_ago=datetime.timedelta(days=1))
    closes = contract.deliverables_filed_at + WINDOW
    mine = ReviewFactory(contract=contract)
    now = timezone.now()
    assert not rules.review_shown(mine, None, now) and not _shown_by_filter(mine, now)
    assert rules.review_shown(mine, None, closes) and _shown_by_filter(mine, closes)
    assert not rules.review_shown(mine, None, closes - datetime.timedelta(seconds=1))
    assert not _shown_by_filter(mine, closes - datetime.timedelta(seconds=1))
    theirs = ReviewFactory(contract=contract, direction=D.AGENCY_TO_OWNER)
    assert rules.review_shown(mine, theirs, now) and _shown_by_filter(mine, now)
    assert rules.review_shown(theirs, mine, now) and _shown_by_filter(theirs, now)


def test_a_side_always_sees_its_own_review():
    review = ReviewFactory()
    assert rules.visible_to(review, "owner", shown=False)
    assert not rules.visible_to(review, "agency", shown=False)
    assert not rules.visible_to(review, None, shown=False)
    assert rules.visible_to(review, "agency", shown=True) and rules.visible_to(review, None, shown=True)


def test_each_direction_has_its_dimensions_and_labels():
    assert rules.dimensions(D.OWNER_TO_AGENCY) == ("quality", "timeliness", "attitude", "fee_compliance")
    assert rules.dimensions(D.AGENCY_TO_OWNER) == ("payment_timeliness", "cooperation", "integrity")
    labels = [str(rules.DIMENSION_LABELS[name]) for name in rules.dimensions(D.OWNER_TO_AGENCY)]
    assert labels == ["服务质量", "服务时效", "服务态度", "收费规范"]
    labels = [str(rules.DIMENSION_LABELS[name]) for name in rules.dimensions(D.AGENCY_TO_OWNER)]
    assert labels == ["付款及时", "配合程度", "诚信履约"]


@pytest.mark.parametrize("scores,expected", [
    ({"a": 4, "b": 4, "c": 5}, "4.33"),
    ({"a": 5, "b": 5, "c": 4}, "4.67"),
    ({"a": 4, "b": 5}, "4.50"),
    ({"a": 1, "b": 1, "c": 1, "d": 2}, "1.25"),
    ({"a": 3, "b": 3, "c": 3, "d": 4, "e": 4, "f": 4, "g": 4, "h": 5}, "3.75"),
    ({"a": 1, "b": 2, "c": 2, "d": 2, "e": 2, "f": 2, "g": 2, "h": 2}, "1.88"),  # 1.875 → up, never to even
])
def test_the_average_has_two_decimals_rounded_half_up(scores, expected):
    assert rules.average(scores) == Decimal(expected)


def test_who_may_appeal():
    review = ReviewFactory()  # the owner rates the agency
    assert rules.appeal_refusal(review, "agency", shown=True, appealed=False) is None
    assert rules.appeal_refusal(review, "owner", shown=True, appealed=False) is errors.AppealRatedSideOnly
    assert rules.appeal_refusal(review, None, shown=True, appealed=False) is errors.AppealRatedSideOnly
    assert rules.appeal_refusal(review, "agency", shown=False, appealed=False) is errors.AppealReviewNotShown
    assert rules.appeal_refusal(review, "agency", shown=True, appealed=True) is errors.AppealAlreadyFiled
    review.is_default = True
    assert rules.appeal_refusal(review, "agency", shown=True, appealed=False) is errors.AppealReviewNotCounted
    review.is_default, review.status = False, Review.Status.VOIDED
    assert rules.appeal_refusal(review, "agency", shown=True, appealed=False) is errors.AppealReviewNotCounted
