"""Two regulators of the approving department rate the same contract at the same moment, on
PostgreSQL: the contract's row lock (and behind it the one-per-contract constraint) keeps exactly
one rating; the others get the refusal of a second rating."""
import pytest
from django.db import connection

from reviews.models import DepartmentRating
from reviews.services.department import department_rating_record
from tests.concurrency import at_once
from tests.factories import accepted_contract, rater_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_ratings_at_once_one_is_kept():
    contract = accepted_contract()
    raters = [rater_for(contract) for _ in range(4)]
    outcomes = at_once([
        lambda index=index, user=user: department_rating_record(
            actor=user, contract=contract, first_pass=index % 2 == 0, corrections=index % 2, returned=False,
            note=f"第{index}份").pk
        for index, user in enumerate(raters)
    ])
    kinds = sorted(kind for kind, _value in outcomes)
    assert kinds == ["DepartmentRatingAlreadyGiven"] * 3 + ["ok"], outcomes
    assert DepartmentRating.objects.filter(contract=contract).count() == 1
