"""Two members of the same side submit their review at the same moment, on PostgreSQL: the
contract's row lock (and behind it the unique constraint) keeps exactly one; the other request
gets the same refusal as a second review."""
import pytest
from django.db import connection

from reviews.models import Review
from reviews.services.reviews import review_submit
from tests.concurrency import at_once
from tests.factories import MembershipFactory, UserFactory

from .conftest import agency_scores

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_reviews_of_the_same_side_at_once_one_is_kept(scene):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=scene.contract.owner)
    calls = [lambda user=user, n=n: review_submit(actor=user, contract=scene.contract, scores=agency_scores(n),
                                                  text=f"第{n}份").pk
             for n, user in ((2, scene.owner_user), (5, colleague), (3, scene.owner_user), (4, colleague))]
    outcomes = at_once(calls)
    kinds = sorted(kind for kind, _value in outcomes)
    assert kinds == ["ReviewAlreadySubmitted"] * 3 + ["ok"], outcomes
    assert Review.objects.filter(contract=scene.contract).count() == 1


def test_both_sides_at_once_both_are_kept_and_both_become_shown(scene):
    from .conftest import owner_scores

    outcomes = at_once([
        lambda: review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="").pk,
        lambda: review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(), text="").pk,
    ])
    assert [kind for kind, _value in outcomes] == ["ok", "ok"]
    from core.models import Notice

    # Whichever committed second saw the first: both sides are told the reviews are public.
    assert Notice.objects.filter(title__contains="双方均已评价").count() == 2
