"""A signed contract whose deliverables were all filed a day ago (its reviews open), the members
of its two parties, a member of another contract's parties, an outsider, a regulator supervising
the item's category and one who does not."""
import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from reviews.credit.engine import REVIEW_DIMENSIONS
from tests.factories import MembershipFactory, RegulatorFactory, UserFactory
from tests.factories.reviews import open_contract

FILED_AGO = datetime.timedelta(days=1)
WINDOW = datetime.timedelta(days=15)  # the shipped rule set's review.window_days


@dataclass
class Scene:
    contract: object
    owner_user: object
    agency_user: object
    other_party: object   # a member of both parties of another contract
    outsider: object
    regulator: object
    other_regulator: object

    @property
    def closes(self):
        return self.contract.deliverables_filed_at + WINDOW


@pytest.fixture
def scene(db):
    contract = open_contract(filed_ago=FILED_AGO)
    owner_user, agency_user = UserFactory(), UserFactory()
    MembershipFactory(user=owner_user, organisation=contract.owner)
    MembershipFactory(user=agency_user, organisation=contract.agency)
    other = open_contract(filed_ago=FILED_AGO)
    other_party = UserFactory()
    MembershipFactory(user=other_party, organisation=other.agency)
    return Scene(
        contract=contract, owner_user=owner_user, agency_user=agency_user, other_party=other_party,
        outsider=UserFactory(), regulator=RegulatorFactory(categories=[contract.job.item.category]).user,
        other_regulator=RegulatorFactory().user,
    )


def agency_scores(value=4, **changes):
    """The owner's scores of the agency."""
    return {**{dimension: value for dimension in REVIEW_DIMENSIONS["agency"]}, **changes}


def owner_scores(value=4, **changes):
    """The agency's scores of the owner."""
    return {**{dimension: value for dimension in REVIEW_DIMENSIONS["owner"]}, **changes}


@pytest.fixture
def login(client):
    def as_user(user):
        client.logout()
        client.force_login(user)
        return client
    return as_user


def now():
    return timezone.now()
