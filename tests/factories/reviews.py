"""Reviews straight in the database (no rules checked): for setting up a scene.

`ReviewFactory()` is the owner's review of the agency of a signed contract whose deliverables were
all filed a day ago (its review window open); `direction=Review.Direction.AGENCY_TO_OWNER` the
agency's review of the owner. `ReviewAppealFactory()` an open appeal by the rated side."""
import datetime

import factory
from django.utils import timezone

from reviews.credit.engine import REVIEW_DIMENSIONS
from reviews.models import Review, ReviewAppeal

from .contracts import ContractFactory

D = Review.Direction


def open_contract(filed_ago=datetime.timedelta(days=1), **fields):
    """A signed contract whose deliverables were all filed `filed_ago` (its reviews open then)."""
    return ContractFactory(signed=True, deliverables_filed_at=timezone.now() - filed_ago, **fields)


def _scores(review):
    profile = "agency" if review.direction == D.OWNER_TO_AGENCY else "owner"
    return {dimension: 4 for dimension in REVIEW_DIMENSIONS[profile]}


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    contract = factory.LazyFunction(open_contract)
    direction = D.OWNER_TO_AGENCY
    reviewer = factory.LazyAttribute(
        lambda r: r.contract.owner if r.direction == D.OWNER_TO_AGENCY else r.contract.agency)
    rated = factory.LazyAttribute(
        lambda r: r.contract.agency if r.direction == D.OWNER_TO_AGENCY else r.contract.owner)
    scores = factory.LazyAttribute(_scores)
    average = factory.LazyAttribute(lambda r: sum(r.scores.values()) / len(r.scores))
    text = "按时提交成果，沟通顺畅。"
    submitted_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    submitted_at = factory.LazyFunction(timezone.now)


class ReviewAppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAppeal

    review = factory.SubFactory(ReviewFactory)
    organisation = factory.SelfAttribute("review.rated")
    filed_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    reason = "评价与事实不符。"
    filed_at = factory.LazyFunction(timezone.now)
