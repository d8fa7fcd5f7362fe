"""/credit/blacklist/: every approved blacklisting, in force, ended by expiry and ended by a credit
repair, with its facts, basis, period and the banned people — their ID numbers masked, never the
number itself; proposals and rejected ones never; paged with a constant number of queries."""
import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.identity import identity_masked
from reviews.services.blacklist import blacklist_reject
from reviews.services.repair import repair_apply, repair_decide
from tests.factories import AgencyFactory, MembershipFactory
from tests.factories.blacklist import BASIS, FACTS, MANAGER_ID, approved, evidence, propose, regulator
from tests.factories.providers import valid_id_number

from .conftest import blacklisting

pytestmark = pytest.mark.django_db

REPRESENTATIVE_IDS = [valid_id_number(9100 + n) for n in range(5)]


def agency(name, n):
    return AgencyFactory(name=name, legal_representative="法定代表人%s" % n,
                         legal_representative_id_number=REPRESENTATIVE_IDS[n])


@pytest.fixture
def entries(home):
    in_force = approved(agency("德阳在列咨询有限公司", 0), years=2)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=800), tick=False):
        expired = approved(agency("德阳期满咨询有限公司", 1), years=1)
    repaired = approved(agency("德阳修复咨询有限公司", 2), years=3)
    admin = MembershipFactory(organisation=repaired.agency, role="admin").user
    repair = repair_apply(actor=admin, entry=repaired, rectification="已全面整改并重新出具报告。", files=[evidence()])
    repair_decide(actor=regulator(), repair=repair, approve=True, reason="整改到位。")
    waiting = propose(agency("德阳待复核咨询有限公司", 3))
    rejected = propose(agency("德阳未通过咨询有限公司", 4))
    blacklist_reject(actor=regulator(), entry=rejected, note="证据不足。")
    return {"in_force": in_force, "expired": expired, "repaired": repaired, "waiting": waiting, "rejected": rejected}


def html(client, path="/credit/blacklist/", **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_in_force_expired_and_repaired_entries_are_public_with_their_state(client, entries):
    page = html(client)
    for name, state in (("德阳在列咨询有限公司", "在列"), ("德阳期满咨询有限公司", "已期满移出"),
                        ("德阳修复咨询有限公司", "信用修复后移出")):
        assert name in page and state in page
    assert page.count('data-state="in_force"') == 1 and page.count('data-state="expired"') == 1
    assert page.count('data-state="repaired"') == 1
    assert "德阳待复核咨询有限公司" not in page and "德阳未通过咨询有限公司" not in page
    assert FACTS in page and BASIS in page
    assert "共 3 条记录" in page
    repaired = entries["repaired"]
    repaired.refresh_from_db()
    assert timezone.localtime(repaired.ended_at).strftime("%Y年%-m月%-d日") in page


def test_the_banned_people_are_shown_with_masked_id_numbers_never_the_numbers(client, entries):
    page = html(client)
    assert "陈经理" in page and identity_masked(MANAGER_ID) in page
    assert identity_masked(REPRESENTATIVE_IDS[0]) in page and "法定代表人0" in page
    for number in [MANAGER_ID, *REPRESENTATIVE_IDS]:
        assert number not in page
        assert number not in html(client, f"/agencies/{entries['in_force'].agency.uscc}/")


def test_the_keyword_finds_an_agency_by_name_or_code(client, entries):
    assert "德阳期满咨询有限公司" in html(client, q="期满")
    assert "德阳在列咨询有限公司" not in html(client, q="期满")
    code = entries["repaired"].agency.uscc
    page = html(client, q=code.lower())
    assert "德阳修复咨询有限公司" in page and "德阳期满咨询有限公司" not in page


def test_the_agency_page_shows_its_blacklist_history(client, entries):
    page = html(client, f"/agencies/{entries['repaired'].agency.uscc}/")
    assert "信用修复后移出" in page and FACTS in page
    page = html(client, f"/agencies/{entries['in_force'].agency.uscc}/")
    assert 'data-state="in_force"' in page and "列入黑名单" in page  # and its standing panel


def test_the_page_runs_the_same_queries_for_one_entry_and_for_two_pages(client, home):
    def count(path):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    blacklisting(AgencyFactory(), timezone.now() - datetime.timedelta(days=10))
    few = [count("/credit/blacklist/"), count("/credit/blacklist/?q=德阳")]
    for number in range(30):
        blacklisting(AgencyFactory(), timezone.now() - datetime.timedelta(days=20 + number),
                     persons=[("legal_rep", f"人员{number}", "5106**********0001"),
                              ("manager", f"经理{number}", "5106**********0002")])
    assert [count("/credit/blacklist/"), count("/credit/blacklist/?q=德阳")] == few
    assert count("/credit/blacklist/?before=end") == few[0]


def test_the_blacklist_page_in_english(client, entries):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client)
    assert 'lang="en"' in page and "德阳修复咨询有限公司" in page
    assert 'data-state="repaired"' in page and MANAGER_ID not in page
