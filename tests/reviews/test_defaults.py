"""At the window's close a side that wrote no review gets the rule set's default (no author,
dated at the close), by advance_reviews or review_defaults_apply; running it again, late or
before the close changes nothing more."""
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from audit.models import AuditEntry
from core.models import Notice
from reviews.models import Review
from reviews.services.reviews import review_defaults_apply, review_submit

from .conftest import agency_scores

pytestmark = pytest.mark.django_db
D = Review.Direction


def test_nothing_is_due_before_the_close(scene):
    assert review_defaults_apply(now=scene.closes - datetime.timedelta(seconds=1)) == []
    assert not Review.objects.exists()


def test_at_the_close_both_missing_sides_get_the_default(scene):
    assert review_defaults_apply(now=scene.closes) == [scene.contract.pk]
    reviews = {review.direction: review for review in Review.objects.filter(contract=scene.contract)}
    owner_review, agency_review = reviews[D.OWNER_TO_AGENCY], reviews[D.AGENCY_TO_OWNER]
    assert owner_review.scores == {"quality": 4, "timeliness": 4, "attitude": 4, "fee_compliance": 4}
    assert agency_review.scores == {"payment_timeliness": 4, "cooperation": 4, "integrity": 4}
    for review in (owner_review, agency_review):
        assert review.is_default and review.submitted_by is None and review.average == Decimal("4.00")
        assert review.submitted_at == scene.closes and review.status == Review.Status.COUNTED
    assert AuditEntry.objects.filter(action="review.default").count() == 2
    for user in (scene.owner_user, scene.agency_user):
        notice = Notice.objects.get(user=user)
        assert "评价期已结束" in notice.title and "贵方未在评价期内评价" in notice.body


def test_only_the_missing_side_gets_the_default_and_the_written_one_stays(scene):
    written = review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(2), text="较差")
    Notice.objects.all().delete()
    with time_machine.travel(scene.closes + datetime.timedelta(hours=3)):
        call_command("advance_reviews", stdout=open("/dev/null", "w"))
    reviews = {review.direction: review for review in Review.objects.filter(contract=scene.contract)}
    assert reviews[D.OWNER_TO_AGENCY] == written and not reviews[D.OWNER_TO_AGENCY].is_default
    assert reviews[D.OWNER_TO_AGENCY].scores == agency_scores(2)
    assert reviews[D.AGENCY_TO_OWNER].is_default and reviews[D.AGENCY_TO_OWNER].submitted_at == scene.closes
    assert "对方未在评价期内评价" in Notice.objects.get(user=scene.owner_user).body
    assert "贵方未在评价期内评价" in Notice.objects.get(user=scene.agency_user).body


def test_running_again_changes_nothing(scene):
    assert scene.contract.pk in review_defaults_apply(now=scene.closes + datetime.timedelta(hours=1))
    counts = Review.objects.count(), AuditEntry.objects.count(), Notice.objects.count()
    assert review_defaults_apply(now=scene.closes + datetime.timedelta(days=30)) == []
    assert (Review.objects.count(), AuditEntry.objects.count(), Notice.objects.count()) == counts


def test_both_reviews_in_need_no_default(scene):
    from .conftest import owner_scores

    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="")
    review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(), text="")
    assert review_defaults_apply(now=scene.closes) == []
    assert not Review.objects.filter(is_default=True).exists()


def test_contracts_without_filed_deliverables_get_nothing(scene):
    from tests.factories import ContractFactory

    unfiled = ContractFactory(signed=True)
    assert unfiled.pk not in review_defaults_apply(now=scene.closes + datetime.timedelta(days=365))
    assert not Review.objects.filter(contract=unfiled).exists()


def test_the_default_follows_the_rule_set_in_force(scene):
    from reviews.models import RuleSet

    ruleset = RuleSet.objects.order_by("-version").first()
    review = dict(ruleset.rules["review"])
    review["default"] = {**review["default"], "agency": {"quality": 3, "timeliness": 3, "attitude": 4,
                                                          "fee_compliance": 4}}
    RuleSet.objects.create(version=ruleset.version + 1, rules={**ruleset.rules, "review": review}, note="默认 3.5",
                           created_at=ruleset.created_at)
    review_defaults_apply(now=scene.closes)
    default = Review.objects.get(contract=scene.contract, direction=D.OWNER_TO_AGENCY)
    assert default.average == Decimal("3.50")
    entry = AuditEntry.objects.filter(action="review.default").order_by("seq").first()
    assert entry.after["rule_version"] == ruleset.version + 1
