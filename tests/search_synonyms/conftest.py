"""The people of the synonym table's tests: the five roles of the permission table, and a
group to act on."""
import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import MembershipFactory, OwnerFactory, RegulatorFactory, ServiceCategoryFactory

ROLES = ("anonymous", "agency_member", "owner_member", "regulator", "keeper")


def make_actor(role):
    """anonymous; a member of an agency; a member of an owner; an active regulator who keeps
    none of the catalogue (supervises no category); one who keeps part of it."""
    if role == "anonymous":
        return AnonymousUser()
    if role == "agency_member":
        return MembershipFactory().user
    if role == "owner_member":
        return MembershipFactory(organisation=OwnerFactory()).user
    if role == "regulator":
        return RegulatorFactory().user
    return RegulatorFactory(categories=[ServiceCategoryFactory()]).user


@pytest.fixture
def keeper(db):
    return make_actor("keeper")


@pytest.fixture
def group(keeper):
    from search.services import create_synonym_group

    return create_synonym_group(actor=keeper, words="环评\n环境影响评价", note="行业常用简称")
