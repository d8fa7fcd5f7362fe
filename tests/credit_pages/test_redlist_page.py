"""/credit/redlist/: the agencies the published rule puts on the red list, with the rule itself;
a keyword filter; paged with a constant number of queries; in Chinese and in English."""
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgencyFactory

from .conftest import ago, graded, new_version, penalty

pytestmark = pytest.mark.django_db


def html(client, path="/credit/redlist/", **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_red_list_shows_the_agencies_the_rule_puts_on_it_and_the_rule(client, home):
    on = graded("德阳守信咨询有限公司", since=ago(days=800))
    graded("德阳新晋咨询有限公司", since=ago(days=100))
    penalised = graded("德阳受罚咨询有限公司", since=ago(days=800))
    penalty(penalised, ago(days=10))
    AgencyFactory(name="德阳未评级咨询有限公司")
    page = html(client)
    assert "德阳守信咨询有限公司" in page and f'href="/agencies/{on.uscc}/"' in page
    assert "德阳新晋咨询有限公司" not in page and "德阳受罚咨询有限公司" not in page
    assert "德阳未评级咨询有限公司" not in page
    assert "连续 2 年以上保持 A 级信用等级" in page and "共 1 家机构" in page


def test_the_rule_shown_is_the_rule_set_s(client, home):
    new_version(2, redlist={"grade": "B", "years": 1})
    graded("德阳乙级咨询有限公司", "B", since=ago(days=400))
    page = html(client)
    assert "连续 1 年以上保持 B 级信用等级" in page and "德阳乙级咨询有限公司" in page


def test_the_keyword_filter(client, home):
    graded("德阳守信咨询有限公司", since=ago(days=800))
    other = graded("成都守约咨询有限公司", since=ago(days=900))
    assert "成都守约咨询有限公司" not in html(client, q="德阳")
    assert "成都守约咨询有限公司" in html(client, q=other.uscc)
    assert "没有符合条件的红名单机构" in html(client, q="不存在")


def test_the_page_runs_the_same_queries_for_one_agency_and_for_two_pages(client, home):
    def count(path):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    graded("德阳守信咨询有限公司", since=ago(days=800))
    few = [count("/credit/redlist/"), count("/credit/redlist/?q=咨询")]
    for number in range(30):
        graded(f"德阳{number:02d}号咨询有限公司", since=ago(days=800 + number), score=90 + number % 9)
    assert [count("/credit/redlist/"), count("/credit/redlist/?q=咨询")] == few
    assert count("/credit/redlist/?before=end") == few[0]


def test_the_red_list_in_english(client, home):
    graded("Honest Consulting", since=ago(days=800))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client)
    assert 'lang="en"' in page and "Honest Consulting" in page
