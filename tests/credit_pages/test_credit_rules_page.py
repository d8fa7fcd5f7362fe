"""/credit/: the credit rules in plain words, generated from the rule set in force (every number
on the page is the rule set's), the current version with its date, and every earlier version
viewable at its own address; in Chinese and in English."""
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.models import BlacklistPage, CreditIndexPage, HomePage, RedListPage
from reviews.credit.defaults import DEFAULT_RULES

from .conftest import new_version

pytestmark = pytest.mark.django_db


def html(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_credit_pages_exist_once_under_each_languages_home_page(db):
    from core.demo.site import ensure_page_tree

    home = ensure_page_tree(english=True)
    for locale in Locale.objects.all():   # the Chinese tree and its English translation
        credit = CreditIndexPage.objects.get(locale=locale)
        assert credit.url == "/credit/" and credit.get_parent().specific_class is HomePage
        assert BlacklistPage.objects.get(locale=locale).url == "/credit/blacklist/"
        assert RedListPage.objects.get(locale=locale).url == "/credit/redlist/"
    assert CreditIndexPage.max_count_per_parent == BlacklistPage.max_count_per_parent == 1
    assert not CreditIndexPage.can_create_at(home)   # a second one under the same home page
    assert set(CreditIndexPage.allowed_subpage_models()) == {BlacklistPage, RedListPage}


def test_the_rules_are_explained_in_plain_chinese_from_the_rule_set(client, home):
    page = html(client, "/credit/")
    agency = DEFAULT_RULES["agency"]
    assert "现行信用评价规则：第 1 版" in page
    assert f"从基础分起算（中介机构 {agency['base']} 分，项目业主 {DEFAULT_RULES['owner']['base']} 分）" in page
    # Each event with its points, weight, half-life and cap.
    assert "按该条评价各项评分的平均分计：每比 3 分高 1 分加 4 分" in page
    assert "每次 −10 分" in page  # a refusal to sign
    assert "情节一般 −5 分；情节较重 −15 分；情节严重 −30 分" in page  # penalties
    assert "730 天（每过 730 天，影响减半）" in page and "365 天（每过 365 天，影响减半）" in page
    assert "累计加分最多 15 分；累计扣分最多 40 分" in page
    # Grades, the minimum of events, the watch list and suspension, reviews, the red list.
    assert "90 分及以上" in page and "75 分及以上、不足 90 分" in page and "不足 60 分" in page
    assert "至少 3 条；不足的不评定等级，显示“暂无足够评价”" in page
    assert "信用分低于 65 分的，列入重点关注名单" in page and "信用分低于 50 分的，暂停参与选取" in page
    assert "在 15 日内相互评价" in page and "服务质量 4 分" in page
    assert "连续 2 年以上保持 A 级" in page
    # Links to the blacklist, the red list and this version's own page.
    assert 'href="/credit/blacklist/"' in page and 'href="/credit/redlist/"' in page
    assert 'href="/credit/rules/v1/"' in page


def test_a_new_version_is_in_force_at_once_and_the_earlier_one_stays_viewable(client, home):
    new_version(2, agency={"base": 75, "watch_below": 70}, redlist={"grade": "A", "years": 3})
    page = html(client, "/credit/")
    assert "现行信用评价规则：第 2 版" in page and "中介机构 75 分" in page
    assert "信用分低于 70 分的，列入重点关注名单" in page and "连续 3 年以上保持 A 级" in page
    assert 'href="/credit/rules/v1/"' in page and 'href="/credit/rules/v2/"' in page

    earlier = html(client, "/credit/rules/v1/")
    assert "信用评价规则 第 1 版" in earlier and "已被第 2 版取代" in earlier
    assert "中介机构 80 分" in earlier and "信用分低于 65 分的" in earlier
    current = html(client, "/credit/rules/v2/")
    assert "现行版本" in current and "中介机构 75 分" in current


@pytest.mark.parametrize("path", ["/credit/rules/v3/", "/credit/rules/v0/", "/credit/rules/vx/",
                                  "/credit/rules/v99999999999999999999/", f"/credit/rules/v{2**63 - 1}/"])
def test_an_unknown_version_is_a_404(client, home, path):
    assert client.get(path).status_code == 404


def test_the_rules_page_runs_a_few_queries_whatever_the_number_of_versions(client, home):
    client.get("/credit/")  # the process-level memos (page tree, settings) are filled once

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/credit/").status_code == 200
        return len(queries)

    few = count()
    for version in range(2, 12):
        new_version(version)
    assert count() == few


def test_the_credit_pages_are_in_the_menu_and_the_footer(client, home):
    page = html(client, "/")
    assert page.count('href="/credit/"') >= 2  # the main menu and the footer
    assert 'href="/credit/blacklist/"' in page and 'href="/credit/redlist/"' in page


def test_the_rules_page_in_english(client, home):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client, "/credit/")
    assert 'lang="en"' in page
    assert 'href="/credit/rules/v1/"' in page and 'data-rule-version="1"' in page
    version = html(client, "/credit/rules/v1/")
    assert 'lang="en"' in version and 'data-kind="signing_refusal"' in version
