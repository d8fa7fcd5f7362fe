"""Appeals: the rated side, once, against a shown, counted review that is not a default; a
regulator supervising the item's category keeps or voids it with a reason that is published."""
import pytest

from audit.models import AuditEntry
from core.models import Notice
from reviews import errors
from reviews.models import Review, ReviewAppeal
from reviews.selectors.reviews import shown, shown_reviews_of
from reviews.services.reviews import appeal_decide, appeal_file, review_defaults_apply, review_submit
from tests.factories import MembershipFactory, UserFactory
from tests.writes import nothing_written

from .conftest import agency_scores, owner_scores

pytestmark = pytest.mark.django_db


def _both_in(scene):
    bad = review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(1), text="很差")
    review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(), text="")
    return bad


def test_the_rated_side_appeals_and_the_supervising_regulators_are_told(scene):
    review = _both_in(scene)
    Notice.objects.all().delete()
    appeal = appeal_file(actor=scene.agency_user, review=review, reason="  评价与事实不符，成果已按期提交。 ")
    assert appeal.organisation == scene.contract.agency and appeal.status == ReviewAppeal.Status.OPEN
    assert appeal.reason == "评价与事实不符，成果已按期提交。" and appeal.filed_by == scene.agency_user
    assert AuditEntry.objects.filter(action="review.appeal").count() == 1
    assert [n.user for n in Notice.objects.all()] == [scene.regulator]


def test_an_appeal_only_once(scene):
    review = _both_in(scene)
    appeal_file(actor=scene.agency_user, review=review, reason="不符")
    with pytest.raises(errors.AppealAlreadyFiled), nothing_written(ReviewAppeal):
        appeal_file(actor=scene.agency_user, review=review, reason="再次申诉")


def test_only_the_rated_side_appeals(scene):
    review = _both_in(scene)
    for who in (scene.owner_user, scene.outsider, scene.other_party, scene.regulator):
        with pytest.raises(errors.AppealRatedSideOnly), nothing_written(ReviewAppeal):
            appeal_file(actor=who, review=review, reason="不符")


def test_a_review_still_blind_cannot_be_appealed(scene):
    review = review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(1), text="很差")
    with pytest.raises(errors.AppealReviewNotShown), nothing_written(ReviewAppeal):
        appeal_file(actor=scene.agency_user, review=review, reason="不符")


def test_a_default_review_cannot_be_appealed(scene):
    review_defaults_apply(now=scene.closes)
    default = Review.objects.get(contract=scene.contract, direction=Review.Direction.OWNER_TO_AGENCY)
    with pytest.raises(errors.AppealReviewNotCounted), nothing_written(ReviewAppeal):
        appeal_file(actor=scene.agency_user, review=default, reason="不符")


def test_an_appeal_needs_a_reason(scene):
    review = _both_in(scene)
    with pytest.raises(errors.AppealReasonRequired), nothing_written(ReviewAppeal):
        appeal_file(actor=scene.agency_user, review=review, reason="   ")
    with pytest.raises(errors.ReviewTextTooLong), nothing_written(ReviewAppeal):
        appeal_file(actor=scene.agency_user, review=review, reason="长" * 2001)


def test_the_regulator_keeps_the_review_with_a_published_reason(scene):
    review = _both_in(scene)
    appeal = appeal_file(actor=scene.agency_user, review=review, reason="不符")
    Notice.objects.all().delete()
    appeal = appeal_decide(actor=scene.regulator, appeal=appeal, void=False, reason="经核查，成果确有质量问题。")
    review.refresh_from_db()
    assert appeal.status == ReviewAppeal.Status.KEPT and review.status == Review.Status.COUNTED
    assert appeal.decided_by == scene.regulator and appeal.decision_reason == "经核查，成果确有质量问题。"
    assert AuditEntry.objects.filter(action="review.appeal_keep").count() == 1
    assert {n.user for n in Notice.objects.all()} == {scene.owner_user, scene.agency_user}
    public = [shown(r) for r in shown_reviews_of(scene.contract.agency, review.submitted_at)]
    assert public[0].decided_appeal.decision_reason == "经核查，成果确有质量问题。" and not public[0].voided


def test_the_regulator_voids_the_review_and_it_is_public_as_voided_with_the_reason(scene):
    review = _both_in(scene)
    appeal = appeal_file(actor=scene.agency_user, review=review, reason="不符")
    appeal_decide(actor=scene.regulator, appeal=appeal, void=True, reason="评价方未能提供依据。")
    review.refresh_from_db()
    assert review.status == Review.Status.VOIDED
    entry = AuditEntry.objects.get(action="review.appeal_void")
    assert entry.after["rated"] == scene.contract.agency_id and entry.after["review"] == review.pk
    from django.utils import timezone

    public = [shown(r) for r in shown_reviews_of(scene.contract.agency, timezone.now())]
    assert len(public) == 1 and public[0].voided
    assert public[0].decided_appeal.decision_reason == "评价方未能提供依据。"
    # A voided review cannot be appealed again, nor the decision taken twice.
    with pytest.raises(errors.AppealAlreadyDecided), nothing_written(ReviewAppeal):
        appeal_decide(actor=scene.regulator, appeal=appeal, void=False, reason="改判")


def test_only_a_regulator_supervising_the_category_decides(scene):
    review = _both_in(scene)
    appeal = appeal_file(actor=scene.agency_user, review=review, reason="不符")
    for who in (scene.other_regulator, scene.owner_user, scene.agency_user, scene.outsider):
        with pytest.raises(errors.AppealRegulatorOnly), nothing_written(ReviewAppeal):
            appeal_decide(actor=who, appeal=appeal, void=True, reason="撤销")
    inactive = UserFactory()
    from tests.factories import RegulatorFactory

    RegulatorFactory(user=inactive, categories=[scene.contract.job.item.category], is_active=False)
    with pytest.raises(errors.AppealRegulatorOnly), nothing_written(ReviewAppeal):
        appeal_decide(actor=inactive, appeal=appeal, void=True, reason="撤销")
    assert Review.objects.get(pk=review.pk).status == Review.Status.COUNTED


def test_a_decision_needs_a_reason(scene):
    review = _both_in(scene)
    appeal = appeal_file(actor=scene.agency_user, review=review, reason="不符")
    with pytest.raises(errors.AppealDecisionReasonRequired), nothing_written(ReviewAppeal):
        appeal_decide(actor=scene.regulator, appeal=appeal, void=True, reason=" ")
    assert ReviewAppeal.objects.get(pk=appeal.pk).status == ReviewAppeal.Status.OPEN
    assert Review.objects.get(pk=review.pk).status == Review.Status.COUNTED


def test_another_member_of_the_rated_side_may_appeal_but_only_once_for_the_side(scene):
    review = _both_in(scene)
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=scene.contract.agency)
    appeal_file(actor=colleague, review=review, reason="不符")
    with pytest.raises(errors.AppealAlreadyFiled), nothing_written(ReviewAppeal):
        appeal_file(actor=scene.agency_user, review=review, reason="不符")
