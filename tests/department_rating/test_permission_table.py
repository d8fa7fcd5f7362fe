"""Who may open the approving department's rating pages and who may rate — as one table, in
the style of tests/bidding_permissions/test_permission_table.py.

Roles:
    anonymous      a visitor who has not logged in (sent to the login page)
    user           a logged-in user of no organisation
    agency         a member of the contract's agency
    owner          a member of the contract's owner
    other_dept     an active regulator of another department
    inactive       a regulator of the approving department, no longer on duty
    rater          an active regulator of the item's approving department

The contract is signed and its job accepted. A POST writes nothing (no rating, no audit entry,
no notice) unless its line's answer for the role is listed in WRITES."""
import pytest
from django.urls import reverse

from reviews.models import DepartmentRating
from tests.factories import DepartmentFactory, MembershipFactory, RegulatorFactory, UserFactory, accepted_contract
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "user", "agency", "owner", "other_dept", "inactive", "rater")
VALID = {"first_pass": "no", "corrections": "1", "note": "补正一次。"}

# page, method:                     anonymous  user  agency  owner  other_dept  inactive  rater
TABLE = [
    ("department_ratings", "GET",       302,   403,   403,   403,     200,      403,     200),
    ("department_rate", "GET",          302,   403,   403,   403,     403,      403,     200),
    ("department_rate", "POST",         302,   403,   403,   403,     403,      403,     302),
]
WRITES = {("department_rate", "POST", "rater")}


@pytest.fixture
def scene():
    department = DepartmentFactory()
    contract = accepted_contract(department=department)
    users = {
        "anonymous": None,
        "user": UserFactory(),
        "agency": MembershipFactory(organisation=contract.agency).user,
        "owner": MembershipFactory(organisation=contract.owner).user,
        "other_dept": RegulatorFactory().user,
        "inactive": RegulatorFactory(department=department, is_active=False).user,
        "rater": RegulatorFactory(department=department).user,
    }
    return contract, users


def url_of(name, contract):
    args = [contract.pk] if name == "department_rate" else []
    return reverse(f"reviews_regulator:{name}", args=args)


@pytest.mark.parametrize("line", TABLE, ids=[f"{line[0]}-{line[1]}" for line in TABLE])
def test_the_permission_table(client, scene, line):
    contract, users = scene
    name, method, *expected = line
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        url = url_of(name, contract)
        if method == "GET":
            response = client.get(url)
        elif (name, method, role) in WRITES:
            response = client.post(url, VALID)
            assert DepartmentRating.objects.filter(contract=contract).count() == 1
        else:
            with nothing_written(DepartmentRating):
                response = client.post(url, VALID)
        assert response.status_code == status, (name, method, role, response.status_code)
        if status == 302 and role == "anonymous":
            assert "/login/" in response["Location"] or "/accounts/" in response["Location"]
