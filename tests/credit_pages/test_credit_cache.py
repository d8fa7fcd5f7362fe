"""The public credit pages come from the page cache and change at once when a service changes
credit (a regulator's penalty recomputed by the credit trigger, a blacklisting approved, a new
rule set version), and by the clock alone when an entry expires or a review window closes."""
import datetime

import pytest
import time_machine
from django.utils import timezone

from reviews.credit.defaults import DEFAULT_RULES
from reviews.models import CreditAction
from reviews.services.credit import credit_update
from reviews.services.credit_actions import credit_action_record
from reviews.services.reviews import review_submit
from reviews.services.rulesets import ruleset_publish
from tests.factories import AgencyFactory, MembershipFactory, RegulatorFactory, UserFactory
from tests.factories.blacklist import approved, propose, regulator
from tests.factories.credit import CreditActionFactory, review_of
from tests.factories.reviews import open_contract
from tests.pagecache import cached_text, fresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def red_listed(home):
    """An agency graded A for more than two years, on the red list."""
    agency = AgencyFactory(name="德阳红名单咨询有限公司")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=800), tick=False):
        for _n in range(2):
            CreditActionFactory(organisation=agency, kind=CreditAction.Kind.COMMENDATION, decided_at=timezone.now())
        review_of(agency, "5.00", at=timezone.now() - datetime.timedelta(days=1))
        credit_update([agency.pk])
    agency.refresh_from_db()
    return agency


def test_a_penalty_recorded_by_a_regulator_shows_at_once_on_every_credit_page(client, red_listed, committed):
    profile = f"/agencies/{red_listed.uscc}/"
    assert "redlist-badge" in cached_text(client, profile)
    assert "德阳红名单咨询有限公司" in cached_text(client, "/credit/redlist/")
    cached_text(client, "/agencies/")
    committed(credit_action_record, actor=RegulatorFactory().user, organisation=red_listed, kind="penalty",
              level="grave", facts="出具虚假报告BAD-FACTS", legal_basis="《中介服务管理办法》第三十条")
    html = fresh(client, profile)
    assert "redlist-badge" not in html and "出具虚假报告BAD-FACTS" in html  # the penalty's line
    assert "德阳红名单咨询有限公司" not in fresh(client, "/credit/redlist/")
    fresh(client, "/agencies/")


def test_a_blacklisting_approved_shows_at_once(client, home, committed):
    agency = AgencyFactory(name="德阳将列入咨询有限公司")
    entry = propose(agency)
    assert "德阳将列入咨询有限公司" not in cached_text(client, "/credit/blacklist/")
    profile = f"/agencies/{agency.uscc}/"
    assert 'data-state="in_force"' not in cached_text(client, profile)
    from reviews.services.blacklist import blacklist_approve

    committed(blacklist_approve, actor=regulator(), entry=entry, note="同意")
    assert "德阳将列入咨询有限公司" in fresh(client, "/credit/blacklist/")
    assert 'data-state="in_force"' in fresh(client, profile)


def test_a_new_rule_set_version_shows_at_once(client, home, committed):
    assert "现行信用评价规则：第 1 版" in cached_text(client, "/credit/")
    rules = {**DEFAULT_RULES, "agency": {**DEFAULT_RULES["agency"], "watch_below": 70}}
    committed(ruleset_publish, actor=RegulatorFactory().user, rules=rules, note="提高重点关注线")
    html = fresh(client, "/credit/")
    assert "现行信用评价规则：第 2 版" in html and "信用分低于 70 分的，列入重点关注名单" in html


def test_an_entry_shows_as_expired_at_its_end_without_any_write(client, home):
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
    with time_machine.travel(noon - datetime.timedelta(days=366), tick=False):
        entry = approved(AgencyFactory(name="德阳将期满咨询有限公司"), years=1)
    ends = entry.ends_at
    with time_machine.travel(ends - datetime.timedelta(minutes=5), tick=False):
        assert 'data-state="in_force"' in cached_text(client, "/credit/blacklist/")
    with time_machine.travel(ends + datetime.timedelta(seconds=1), tick=False):
        html = fresh(client, "/credit/blacklist/")
        assert 'data-state="expired"' in html and 'data-state="in_force"' not in html


def test_a_review_shows_when_its_window_closes_without_any_write(client, home):
    contract = open_contract(filed_ago=datetime.timedelta(days=2))
    owner_user = UserFactory()
    MembershipFactory(user=owner_user, organisation=contract.owner)
    review_submit(actor=owner_user, contract=contract, text="窗口关闭后公开WINDOW-TEXT",
                  scores={"quality": 4, "timeliness": 4, "attitude": 4, "fee_compliance": 4})
    profile = f"/agencies/{contract.agency.uscc}/"
    closes = contract.deliverables_filed_at + datetime.timedelta(days=15)
    with time_machine.travel(closes - datetime.timedelta(minutes=5), tick=False):
        assert "WINDOW-TEXT" not in cached_text(client, profile)
    with time_machine.travel(closes + datetime.timedelta(seconds=1), tick=False):
        assert "WINDOW-TEXT" in fresh(client, profile)
