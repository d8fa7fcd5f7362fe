"""An agency's standing is what its dates say: one rule (providers.standing_rules.standing_in_force)
for the regulator's list, bidding eligibility and the public profile. A suspension or a
blacklisting in force is public with its dates and reason; a lapsed one is not shown as such."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bidding.eligibility import bid_refusal
from providers.models import Organisation, Standing
from providers.selectors import agencies_not_active
from providers.standing_rules import public_standing, standing_in_force, standing_in_force_q
from tests.factories import AgencyFactory, JobFactory

from .helpers import regulator_user

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def agency_with(standing, until=None, reason="", **fields):
    return AgencyFactory(
        standing=standing, standing_reason=reason, standing_until=until,
        standing_since=None if standing == Standing.ACTIVE else timezone.now() - 30 * DAY, **fields,
    )


@pytest.fixture
def agencies(db):
    now = timezone.now()
    return {
        "active": agency_with(Standing.ACTIVE),
        "suspended for good": agency_with(Standing.SUSPENDED, reason="拒不签约"),
        "suspension over": agency_with(Standing.SUSPENDED, now - DAY, reason="逾期未交成果",
                                       name="德阳已期满咨询有限公司"),
        "blacklisted till tomorrow": agency_with(Standing.BLACKLISTED, now + DAY, reason="出具虚假报告"),
        "watch over": agency_with(Standing.WATCH, now - DAY, reason="信用等级 C"),
        "watch": agency_with(Standing.WATCH, reason="信用等级 C"),
    }


def test_the_rule_and_its_query_agree_for_every_kind_of_standing(agencies):
    now = timezone.now()
    in_query = set(Organisation.objects.filter(standing_in_force_q(now)).values_list("pk", flat=True))
    in_force = {name for name, agency in agencies.items() if standing_in_force(agency, now)}
    assert in_force == {"suspended for good", "blacklisted till tomorrow", "watch"}
    assert in_query == {agencies[name].pk for name in in_force}
    assert set(agencies_not_active(now)) == {agencies[name] for name in in_force}


def test_a_standing_is_in_force_until_its_end_and_not_after():
    end = timezone.now()
    agency = Organisation(standing=Standing.SUSPENDED, standing_until=end)
    assert standing_in_force(agency, end - datetime.timedelta(seconds=1))
    assert not standing_in_force(agency, end)


def test_the_regulators_list_no_longer_shows_a_lapsed_suspension_as_suspended(client, agencies):
    client.force_login(regulator_user())
    response = client.get(reverse("providers_regulator:standing"))
    listed = {agency.pk: shown.code for agency, shown in response.context["not_active"]}
    assert agencies["suspension over"].pk not in listed
    assert listed[agencies["suspended for good"].pk] == Standing.SUSPENDED

    found = client.get(reverse("providers_regulator:standing"), {"q": "已期满"})
    [(agency, shown)] = found.context["results"]
    assert (agency, shown.code, shown.lapsed) == (agencies["suspension over"], Standing.ACTIVE, "暂停参与选取")
    html = found.content.decode()
    assert "期满" in html and 'data-standing="active"' in html


def test_bidding_eligibility_reads_the_same_rule(agencies):
    job = JobFactory()
    now = timezone.now()
    assert bid_refusal(agencies["active"], job, at=now) is None
    assert bid_refusal(agencies["suspension over"], job, at=now) is None
    assert "暂停参与选取" in bid_refusal(agencies["suspended for good"], job, at=now)


def test_a_suspension_or_blacklisting_in_force_shows_on_the_public_profile_with_dates_and_reason(
    client, home, agencies
):
    blacklisted = agencies["blacklisted till tomorrow"]
    html = client.get(f"/agencies/{blacklisted.uscc}/").content.decode()
    assert 'data-standing="blacklisted"' in html and "列入黑名单" in html and "出具虚假报告" in html
    assert timezone.localtime(blacklisted.standing_until).strftime("%Y年%-m月%-d日") in html
    assert timezone.localtime(blacklisted.standing_since).strftime("%Y年%-m月%-d日") in html

    for name in ("suspension over", "watch", "active"):
        html = client.get(f"/agencies/{agencies[name].uscc}/").content.decode()
        assert "data-standing=" not in html, name
        assert "逾期未交成果" not in html and "信用等级 C" not in html

    listing = client.get("/agencies/").content.decode()
    assert listing.count('data-standing="') == 2  # suspended for good, blacklisted till tomorrow


def test_public_standing_is_none_for_watch_and_lapsed_standings(agencies):
    now = timezone.now()
    shown = {name: public_standing(agency, now) for name, agency in agencies.items()}
    assert {name for name, value in shown.items() if value} == {"suspended for good", "blacklisted till tomorrow"}
    assert shown["suspended for good"].until is None and shown["suspended for good"].reason == "拒不签约"


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()
