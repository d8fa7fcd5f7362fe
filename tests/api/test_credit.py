"""The blacklist through the API (/api/v1/credit/blacklist/): anyone reads every approved entry,
newest first, with its state and the people it bans — their ID numbers masked, never the number;
a proposal never shows."""
import pytest

from tests.factories import AgencyFactory
from tests.factories.blacklist import FACTS, MANAGER_ID, approved, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(db):
    older = approved(AgencyFactory(name="德阳先列咨询有限公司"), years=1)
    newer = approved(AgencyFactory(name="德阳后列咨询有限公司"), years=2)
    proposed = propose(AgencyFactory(name="德阳提议中咨询有限公司"))
    return older, newer, proposed


def test_approved_entries_newest_first_with_masked_people_and_never_a_proposal(client, entries):
    response = client.get("/api/v1/credit/blacklist/")
    assert response.status_code == 200
    body = response.json()
    assert [e["agency_name"] for e in body["results"]] == ["德阳后列咨询有限公司", "德阳先列咨询有限公司"]
    entry = body["results"][0]
    assert entry["facts"] == FACTS and entry["years"] == 2 and entry["state"] and entry["state_label"]
    [manager] = [person for person in entry["persons"] if person["name"] == "陈经理"]
    assert manager["id_masked"] and manager["id_masked"] != MANAGER_ID
    assert MANAGER_ID not in response.content.decode()


def test_the_blacklist_is_searched_by_name_or_code(client, entries):
    uscc = entries[0].agency.uscc
    for query in ("先列", uscc):
        assert [e["agency"] for e in client.get("/api/v1/credit/blacklist/", {"q": query}).json()["results"]] == [uscc]
