"""An agency's standing is what its dates say, and the most severe of three inputs in force wins:
the regulator's standing set by hand, the credit rules' watch list or suspension, and an approved
blacklisting. One rule (providers.standing_rules) for the regulator's list, bidding eligibility
and the public profile. The watch list, a suspension and a blacklisting in force are public with
their dates and reason; a lapsed one is not shown as such. The regulator no longer blacklists by
hand (that takes two regulators: the blacklist pages)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from bidding.eligibility import bid_refusal
from core.models import Notice
from providers.errors import StandingBlacklistNeedsTwoRegulators
from providers.models import Organisation, Standing
from providers.selectors import agencies_not_active
from providers.services.standing import standing_set
from providers.standing_rules import is_barred, public_standing, standing_at, standing_in_force, standing_in_force_q
from tests.factories import AgencyFactory, JobFactory

from .helpers import regulator_user

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def agency_with(standing, until=None, reason="", **fields):
    return AgencyFactory(
        standing=standing, standing_reason=reason, standing_until=until,
        standing_since=None if standing == Standing.ACTIVE else timezone.now() - 30 * DAY, **fields,
    )


def blacklisted(until, reason="出具虚假报告（认定依据：《中介服务管理办法》第二十条）", **fields):
    """An agency with an approved blacklisting (what reviews.services.blacklist writes)."""
    return AgencyFactory(blacklist_reason=reason, blacklisted_since=timezone.now() - 10 * DAY,
                         blacklisted_until=until, **fields)


@pytest.fixture
def agencies(db):
    now = timezone.now()
    return {
        "active": agency_with(Standing.ACTIVE),
        "suspended for good": agency_with(Standing.SUSPENDED, reason="拒不签约"),
        "suspension over": agency_with(Standing.SUSPENDED, now - DAY, reason="逾期未交成果",
                                       name="德阳已期满咨询有限公司"),
        "blacklisted till tomorrow": blacklisted(now + DAY),
        "blacklisting over": blacklisted(now - DAY, reason="早已期满的黑名单"),
        "watch over": agency_with(Standing.WATCH, now - DAY, reason="信用等级 C"),
        "watch": agency_with(Standing.WATCH, reason="投诉较多"),
        "credit suspended": AgencyFactory(credit_standing=Standing.SUSPENDED, credit_standing_reason="信用分低于 60",
                                          credit_standing_since=now - DAY),
    }


IN_FORCE = {"suspended for good", "blacklisted till tomorrow", "watch", "credit suspended"}


def test_the_rule_and_its_query_agree_for_every_kind_of_standing(agencies):
    now = timezone.now()
    in_query = set(Organisation.objects.filter(standing_in_force_q(now)).values_list("pk", flat=True))
    in_force = {name for name, agency in agencies.items() if standing_in_force(agency, now)}
    assert in_force == IN_FORCE
    assert in_query == {agencies[name].pk for name in in_force}
    assert set(agencies_not_active(now)) == {agencies[name] for name in in_force}


def test_a_standing_is_in_force_until_its_end_and_not_after():
    end = timezone.now()
    agency = Organisation(standing=Standing.SUSPENDED, standing_until=end)
    assert standing_in_force(agency, end - datetime.timedelta(seconds=1))
    assert not standing_in_force(agency, end)
    blacklisting = Organisation(blacklisted_until=end)
    assert is_barred(blacklisting, end - datetime.timedelta(seconds=1))
    assert not is_barred(blacklisting, end)


@pytest.mark.parametrize("manual,credit,blacklist,expected", [
    (Standing.WATCH, Standing.ACTIVE, True, Standing.BLACKLISTED),
    (Standing.SUSPENDED, Standing.WATCH, False, Standing.SUSPENDED),
    (Standing.ACTIVE, Standing.WATCH, False, Standing.WATCH),
    (Standing.WATCH, Standing.SUSPENDED, False, Standing.SUSPENDED),
    (Standing.SUSPENDED, Standing.SUSPENDED, True, Standing.BLACKLISTED),
    (Standing.ACTIVE, Standing.ACTIVE, False, Standing.ACTIVE),
])
def test_the_most_severe_input_in_force_wins(manual, credit, blacklist, expected):
    now = timezone.now()
    agency = Organisation(standing=manual, standing_reason="监管部门", credit_standing=credit,
                          credit_standing_reason="信用", blacklisted_until=now + DAY if blacklist else None,
                          blacklist_reason="黑名单")
    standing, reason, _until = standing_at(agency, now)
    assert standing == expected
    assert is_barred(agency, now) == (expected in (Standing.SUSPENDED, Standing.BLACKLISTED))


def test_the_regulators_list_no_longer_shows_a_lapsed_suspension_as_suspended(client, agencies):
    client.force_login(regulator_user())
    response = client.get(reverse("providers_regulator:standing"))
    listed = {agency.pk: shown.code for agency, shown in response.context["not_active"]}
    assert agencies["suspension over"].pk not in listed
    assert agencies["blacklisting over"].pk not in listed
    assert listed[agencies["suspended for good"].pk] == Standing.SUSPENDED
    assert listed[agencies["blacklisted till tomorrow"].pk] == Standing.BLACKLISTED
    assert listed[agencies["credit suspended"].pk] == Standing.SUSPENDED

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
    assert bid_refusal(agencies["blacklisting over"], job, at=now) is None
    assert bid_refusal(agencies["watch"], job, at=now) is None  # the watch list does not bar
    assert "暂停参与选取" in bid_refusal(agencies["suspended for good"], job, at=now)
    assert "信用分低于 60" in bid_refusal(agencies["credit suspended"], job, at=now)
    refusal = bid_refusal(agencies["blacklisted till tomorrow"], job, at=now)
    assert "列入黑名单" in refusal and "出具虚假报告" in refusal


def _standing_panel(html):
    return html.split('class="panel standing-public"', 1)[1].split("</section>", 1)[0] if (
        'class="panel standing-public"' in html) else ""


def test_the_watch_list_a_suspension_or_a_blacklisting_in_force_shows_on_the_public_profile(client, home, agencies):
    agency = agencies["blacklisted till tomorrow"]
    html = client.get(f"/agencies/{agency.uscc}/").content.decode()
    panel = _standing_panel(html)
    assert 'data-standing="blacklisted"' in html and "列入黑名单" in panel and "出具虚假报告" in panel
    assert timezone.localtime(agency.blacklisted_until).strftime("%Y年%-m月%-d日") in panel
    assert timezone.localtime(agency.blacklisted_since).strftime("%Y年%-m月%-d日") in panel

    watch = _standing_panel(client.get(f"/agencies/{agencies['watch'].uscc}/").content.decode())
    assert "重点关注" in watch and "投诉较多" in watch

    for name in ("suspension over", "watch over", "blacklisting over", "active"):
        html = client.get(f"/agencies/{agencies[name].uscc}/").content.decode()
        assert not _standing_panel(html), name
        assert "逾期未交成果" not in html and "信用等级 C" not in html and "早已期满的黑名单" not in html

    listing = client.get("/agencies/").content.decode()
    assert listing.count('data-standing="') == len(IN_FORCE)


def test_public_standing_includes_the_watch_list_and_not_lapsed_standings(agencies):
    now = timezone.now()
    shown = {name: public_standing(agency, now) for name, agency in agencies.items()}
    assert {name for name, value in shown.items() if value} == IN_FORCE
    assert shown["suspended for good"].until is None and shown["suspended for good"].reason == "拒不签约"
    assert shown["blacklisted till tomorrow"].source == "blacklist"
    assert shown["credit suspended"].source == "credit"


# --- the regulator's own standing no longer blacklists ---------------------------------------

def test_the_regulator_cannot_blacklist_by_hand_and_nothing_is_written():
    agency = AgencyFactory()
    with pytest.raises(StandingBlacklistNeedsTwoRegulators) as refused:
        standing_set(actor=regulator_user(), agency=agency, standing=Standing.BLACKLISTED, reason="出具虚假报告")
    assert "另一名监管人员" in str(refused.value) and "黑名单" in str(refused.value)
    agency.refresh_from_db()
    assert agency.standing == Standing.ACTIVE and not agency.standing_reason
    assert not AuditEntry.objects.exists() and not Notice.objects.exists()


def test_the_standing_page_offers_no_blacklisting_refuses_a_posted_one_and_links_to_the_proposal(client):
    agency = AgencyFactory()
    client.force_login(regulator_user())
    url = reverse("providers_regulator:standing_agency", args=[agency.pk])
    page = client.get(url).content.decode()
    select = page.split('name="standing"', 1)[1].split("</select>", 1)[0]
    assert 'value="blacklisted"' not in select and 'value="suspended"' in select
    assert f"/regulator/credit/blacklist/new/?agency={agency.pk}" in page

    response = client.post(url, {"standing": "blacklisted", "reason": "出具虚假报告"})
    assert response.status_code == 200
    assert str(StandingBlacklistNeedsTwoRegulators.default_message) in response.content.decode()
    agency.refresh_from_db()
    assert agency.standing == Standing.ACTIVE
    assert not AuditEntry.objects.exists()


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()
