"""Writing a review: each side once, in its window, with exactly its dimensions scored 1–5; every
refusal leaves nothing behind; a review is never edited."""
import datetime
from decimal import Decimal

import pytest
import time_machine

from audit.models import AuditEntry
from core.models import Notice
from reviews import errors
from reviews.models import Review
from reviews.services.reviews import review_submit
from tests.factories import MembershipFactory, UserFactory
from tests.factories.reviews import open_contract
from tests.writes import nothing_written

from .conftest import agency_scores, owner_scores

pytestmark = pytest.mark.django_db
D = Review.Direction


def test_the_owner_reviews_the_agency(scene):
    review = review_submit(actor=scene.owner_user, contract=scene.contract,
                           scores=agency_scores(5, fee_compliance=4, attitude=4), text="  报告质量高。\n按期交付。  ")
    assert (review.direction, review.reviewer, review.rated) == (D.OWNER_TO_AGENCY, scene.contract.owner,
                                                                scene.contract.agency)
    assert review.average == Decimal("4.50") and review.text == "报告质量高。\n按期交付。"
    assert review.submitted_by == scene.owner_user and not review.is_default
    entry = AuditEntry.objects.get(action="review.submit")
    assert entry.after["rated"] == scene.contract.agency_id and entry.after["reviewer"] == scene.contract.owner_id


def test_the_agency_reviews_the_owner_and_the_average_is_rounded_half_up(scene):
    review = review_submit(actor=scene.agency_user, contract=scene.contract,
                           scores=owner_scores(payment_timeliness=5, cooperation=4, integrity=4), text="")
    assert review.direction == D.AGENCY_TO_OWNER and review.rated == scene.contract.owner
    assert review.average == Decimal("4.33")
    review2 = review_submit(actor=scene.owner_user, contract=scene.contract,
                            scores=agency_scores(quality=5, timeliness=5, attitude=5, fee_compliance=4), text="")
    assert review2.average == Decimal("4.75")  # 4.75 exactly; 14/3 = 4.666… → 4.67 below
    third = open_contract()
    MembershipFactory(user=scene.agency_user, organisation=third.agency)
    review3 = review_submit(actor=scene.agency_user, contract=third,
                            scores=owner_scores(payment_timeliness=5, cooperation=5, integrity=4), text="")
    assert review3.average == Decimal("4.67")


def test_the_other_side_is_told_a_review_arrived_without_its_content(scene):
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(1), text="机密的差评内容")
    notice = Notice.objects.get(user=scene.agency_user)
    assert "对方已提交评价" in notice.title
    assert "机密的差评内容" not in notice.title + notice.body and "分" not in notice.title + notice.body
    assert not Notice.objects.filter(user=scene.owner_user).exists()
    review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(), text="")
    both = Notice.objects.filter(title__contains="双方均已评价")
    assert {notice.user for notice in both} == {scene.owner_user, scene.agency_user}


def test_a_second_review_of_the_same_side_is_refused_and_the_first_is_never_changed(scene):
    first = review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(2), text="第一次")
    with pytest.raises(errors.ReviewAlreadySubmitted), nothing_written(Review):
        review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(5), text="改成好评")
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=scene.contract.owner)
    with pytest.raises(errors.ReviewAlreadySubmitted), nothing_written(Review):
        review_submit(actor=colleague, contract=scene.contract, scores=agency_scores(5), text="另一成员")
    first.refresh_from_db()
    assert first.scores == agency_scores(2) and first.text == "第一次"


def test_the_unique_constraint_refuses_what_the_check_would_miss(scene, monkeypatch):
    """Two requests at once: the second insert meets the constraint and gets the same refusal."""
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="")
    from reviews import rules

    monkeypatch.setattr(rules, "review_refusal", lambda *args, **kwargs: None)
    with pytest.raises(errors.ReviewAlreadySubmitted), nothing_written(Review):
        review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(5), text="")


@pytest.mark.parametrize("who", ["outsider", "other_party", "regulator"])
def test_only_the_parties_review(scene, who):
    with pytest.raises(errors.ReviewPartiesOnly), nothing_written(Review):
        review_submit(actor=getattr(scene, who), contract=scene.contract, scores=agency_scores(), text="")


def test_before_the_deliverables_are_all_filed_the_window_is_not_open(scene):
    scene.contract.__class__.objects.filter(pk=scene.contract.pk).update(deliverables_filed_at=None)
    with pytest.raises(errors.ReviewWindowNotOpen), nothing_written(Review):
        review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="")


def test_the_window_closes_after_the_rule_sets_days_to_the_second(scene):
    with time_machine.travel(scene.closes - datetime.timedelta(seconds=1)):
        review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="")
    with time_machine.travel(scene.closes):
        with pytest.raises(errors.ReviewWindowClosed), nothing_written(Review):
            review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(), text="")


def test_the_window_follows_the_rule_set_in_force(scene):
    from reviews.models import RuleSet

    ruleset = RuleSet.objects.order_by("-version").first()
    rules_v2 = {**ruleset.rules, "review": {**ruleset.rules["review"], "window_days": 1}}
    RuleSet.objects.create(version=ruleset.version + 1, rules=rules_v2, note="评价期 1 日",
                           created_at=ruleset.created_at)
    with pytest.raises(errors.ReviewWindowClosed), nothing_written(Review):  # filed a day ago
        review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="")


BAD_SCORES = {
    "a score of 0": agency_scores(quality=0),
    "a score of 6": agency_scores(attitude=6),
    "a negative score": agency_scores(timeliness=-1),
    "a fraction": agency_scores(quality=4.5),
    "a string": agency_scores(quality="5"),
    "a boolean": agency_scores(quality=True),
    "a missing dimension": {k: v for k, v in agency_scores().items() if k != "fee_compliance"},
    "an extra dimension": agency_scores(integrity=4),
    "the other direction's dimensions": owner_scores(),
    "nothing": {},
    "not a table": [4, 4, 4, 4],
}


@pytest.mark.parametrize("scores", BAD_SCORES.values(), ids=BAD_SCORES.keys())
def test_scores_outside_one_to_five_or_not_exactly_the_dimensions_are_refused(scene, scores):
    with pytest.raises(errors.ReviewScoresInvalid), nothing_written(Review):
        review_submit(actor=scene.owner_user, contract=scene.contract, scores=scores, text="")


def test_a_text_too_long_is_refused_not_cut(scene):
    with pytest.raises(errors.ReviewTextTooLong) as refused, nothing_written(Review):
        review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="长" * 2001)
    assert "2000" in str(refused.value) and refused.value.field == "text"
    review = review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="长" * 2000)
    assert len(review.text) == 2000


def test_no_service_edits_a_review():
    from reviews.services import reviews as services

    writers = [name for name in dir(services) if name.startswith("review_")]
    assert sorted(writers) == ["review_default_if_due", "review_defaults_apply", "review_link", "review_submit"]
