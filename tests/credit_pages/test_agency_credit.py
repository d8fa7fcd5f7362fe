"""An agency's credit on /agencies/<USCC>/: grade and score with the explanation whose lines and
base sum to the score shown, the rule set version linked, or 暂无足够评价 with the count of events
and the minimum; its reviews once shown (never one still blind, on this page or any other public
page), escaped, a voided one with the published decision; its watch-list periods; the red list
badge; a constant number of queries; in Chinese and in English."""
import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from providers.models import Standing
from reviews.models import CreditAction, Review, ReviewAppeal
from reviews.services.credit import credit_update
from reviews.services.reviews import review_submit
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.factories.credit import CreditActionFactory, delivery_of, review_of
from tests.factories.reviews import open_contract

from .conftest import period

pytestmark = pytest.mark.django_db

BLIND_TEXT = "尚未公开的评价内容BLIND-7731"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def page(client, agency):
    response = client.get(f"/agencies/{agency.uscc}/")
    assert response.status_code == 200
    return response.content.decode()


def explanation_cells(html):
    """The explanation table's contributions (the base's first) and its total."""
    table = html[html.index('class="data credit-explanation"'):]
    table = table[:table.index("</table>")]
    contributions = [Decimal(value) for value in re.findall(r'data-contribution="(-?[0-9.]+)"', table)]
    total = Decimal(re.search(r'class="num credit-total">(-?[0-9.]+)<', table).group(1))
    return contributions, total


@pytest.fixture
def rated(home):
    """An agency with a history: four reviews (one voided on appeal, one with markup in its text),
    a late and an on-time delivery and a penalty, its score stored by the credit service."""
    agency = AgencyFactory(name="德阳有记录咨询有限公司")
    review_of(agency, "4.75", at=days_ago(400), text="报告质量高。")
    review_of(agency, "3.50", at=days_ago(200), text="<script>alert('x')</script>基本满意")
    review_of(agency, "5.00", at=days_ago(30))
    voided = review_of(agency, "1.00", at=days_ago(60), text="恶意差评", status=Review.Status.VOIDED)
    ReviewAppeal.objects.create(review=voided, organisation=agency, filed_by=UserFactory(), reason="评价与事实不符。",
                                filed_at=days_ago(55), status=ReviewAppeal.Status.VOIDED, decided_by=UserFactory(),
                                decided_at=days_ago(50), decision_reason="评价人未提供任何依据，予以撤销。")
    delivery_of(agency, days_late=4, at=days_ago(100))
    delivery_of(agency, days_late=0, at=days_ago(10))
    CreditActionFactory(organisation=agency, kind=CreditAction.Kind.PENALTY, level=CreditAction.Level.MINOR,
                        decided_at=days_ago(150), facts="未按规定公示收费标准。")
    credit_update([agency.pk])
    agency.refresh_from_db()
    return agency


def test_the_explanation_lines_and_the_base_sum_to_the_score_shown(client, rated):
    html = page(client, rated)
    contributions, total = explanation_cells(html)
    assert contributions[0] == Decimal("80.00")  # the base
    assert len(contributions) == 1 + 6  # three counted reviews, two deliveries, a penalty
    assert sum(contributions) == total == rated.credit_score
    assert f"{rated.credit_grade}级" in html
    assert 'href="/credit/rules/v1/"' in html and "信用评价规则第 1 版" in html
    assert "未按规定公示收费标准" in html  # the penalty's line says what it was


def test_a_voided_review_shows_with_the_published_decision_and_counts_for_nothing(client, rated):
    html = page(client, rated)
    assert "恶意差评" in html and "经申诉撤销，不计入信用分" in html
    assert "评价人未提供任何依据，予以撤销。" in html
    explanation = html[html.index('class="data credit-explanation"'):]
    assert "1.00 分" not in explanation[:explanation.index("</table>")]


def test_review_text_is_escaped(client, rated):
    html = page(client, rated)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;基本满意" in html


def test_too_few_events_reads_no_grade_with_the_count_and_the_minimum(client, home):
    agency = AgencyFactory()
    review_of(agency, "5.00", at=days_ago(20))
    credit_update([agency.pk])
    html = page(client, agency)
    assert "暂无足够评价" in html and "已有 1 条信用记录，至少 3 条后评定等级并公布信用分" in html
    assert "credit-total" not in html and "88.00" not in html  # no score before a grade


def test_watch_list_and_suspension_periods_are_public_history(client, home):
    agency = AgencyFactory()
    period(agency, days_ago(300), days_ago(200), standing=Standing.WATCH, score="63.10")
    period(agency, days_ago(100), None, standing=Standing.SUSPENDED, score="48.00")
    html = page(client, agency)
    history = html[html.index('id="credit-history"'):]
    assert 'data-standing="watch"' in history and 'data-standing="suspended"' in history
    assert "63.10" in history and "48.00" in history and "尚未解除" in history


def test_a_red_list_agency_carries_the_badge(client, home):
    agency = AgencyFactory(name="德阳红名单咨询有限公司")
    with time_machine.travel(days_ago(800), tick=False):
        for _n in range(2):
            CreditActionFactory(organisation=agency, kind=CreditAction.Kind.COMMENDATION, decided_at=timezone.now())
        review_of(agency, "5.00", at=timezone.now() - datetime.timedelta(days=1))
        credit_update([agency.pk])
    agency.refresh_from_db()
    assert agency.credit_grade == "A"
    html = page(client, agency)
    assert "redlist-badge" in html and 'href="/credit/redlist/"' in html
    assert "德阳红名单咨询有限公司" in client.get("/credit/redlist/").content.decode()
    other = AgencyFactory()
    assert "redlist-badge" not in page(client, other)


PUBLIC_PAGES = ["/", "/agencies/", "/credit/", "/credit/blacklist/", "/credit/redlist/", "/notices/"]


def test_a_review_still_blind_is_on_no_public_page_until_its_window_closes(client, home):
    contract = open_contract(filed_ago=datetime.timedelta(days=2))
    owner_user = UserFactory()
    MembershipFactory(user=owner_user, organisation=contract.owner)
    scores = {"quality": 1, "timeliness": 1, "attitude": 1, "fee_compliance": 1}
    review_submit(actor=owner_user, contract=contract, scores=scores, text=BLIND_TEXT)
    agency, owner = contract.agency, contract.owner
    paths = [*PUBLIC_PAGES, f"/agencies/{agency.uscc}/", f"/agencies/{agency.uscc}/?page=1",
             f"/notices/{contract.job_id}/", "/credit/rules/v1/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        html = response.content.decode()
        assert BLIND_TEXT not in html, path
        assert f"合同 {contract.number}" not in html, path  # not even its line in the explanation
    assert "暂无公开的评价" in page(client, agency)
    closes = contract.deliverables_filed_at + datetime.timedelta(days=15)
    with time_machine.travel(closes - datetime.timedelta(seconds=1), tick=False):
        assert BLIND_TEXT not in page(client, agency)
    with time_machine.travel(closes + datetime.timedelta(seconds=1), tick=False):
        html = page(client, agency)  # shown by the clock alone, nothing written
        assert BLIND_TEXT in html and "平均 1.00 分" in html
    assert owner.kind == "owner"


def test_the_page_runs_the_same_queries_whatever_the_history(client, home):
    def count(agency):
        client.get(f"/agencies/{agency.uscc}/")
        with CaptureQueriesContext(connection) as queries:
            page(client, agency)
        return len(queries)

    small, large = AgencyFactory(), AgencyFactory()
    for agency, size in ((small, 1), (large, 25)):
        for number in range(size):
            review_of(agency, "4.50", at=days_ago(10 + number))
            delivery_of(agency, days_late=number % 3 - 1, at=days_ago(20 + number))
            CreditActionFactory(organisation=agency, decided_at=days_ago(30 + number))
            period(agency, days_ago(400 + 10 * number), days_ago(395 + 10 * number))
        credit_update([agency.pk])
    assert count(large) == count(small)


def test_the_agency_page_in_english(client, rated):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, rated)
    assert 'lang="en"' in html
    contributions, total = explanation_cells(html)
    assert sum(contributions) == total == rated.credit_score
