"""Search as a visitor sees it, in a real browser: suggestions as one types (an ARIA combobox
chosen with the keyboard), the results of an abbreviation (the item, the agencies offering it,
the job; matched words marked; how the word was understood; a blacklisted agency's badge), a
region facet that narrows, a typo's corrected results, the same search without JavaScript, the
directory answering the keyword, and the English page.

Screenshots land in var/screenshots/search-*.png for a person to look at.
"""
import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import changes
from core.demo.site import ensure_page_tree
from search.indexing import rebuild
from search.models import SynonymGroup
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    JobFactory,
    OwnerFactory,
    RegionFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)

from .conftest import SCREENSHOTS
from .test_bidding_flow import click_and_wait

pytestmark = pytest.mark.browser

EIA = "建设项目环境影响报告书编制"
SOIL = "水土保持方案报告书编制"
SURVEY = "测绘成果审核"
CLEAN = "德阳清源技术服务有限公司"      # EIA, 旌阳区
BARRED = "旌阳蓝天咨询有限公司"        # EIA, 旌阳区, blacklisted
FAR = "绵阳山川工程咨询有限公司"        # EIA and soil conservation, 涪城区
JOB = "旌阳区东湖路改建工程报告书编制"
# Labels of the results page an English reader should see in English (when the catalogue has them).
LABELS = ["站内搜索", "搜索", "全部", "更多条件：日期、价格、排序", "中介机构", "服务事项", "采购项目", "地区",
          "列入黑名单", "筛选"]


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"search-{name}.png"), full_page=True)


def hits_text(page):
    return page.locator("section.search-hits").inner_text()


def shown_total(page):
    return int(re.search(r"\d+", page.locator(".result-count").inner_text()).group(0))


@pytest.fixture
def scene(page, transactional_db):
    ensure_page_tree()
    sichuan = RegionFactory(code="510000", name="四川省", level=1, full_name="四川省")
    deyang = RegionFactory(code="510600", name="德阳市", level=2, parent=sichuan, full_name="四川省德阳市")
    jingyang = RegionFactory(code="510603", name="旌阳区", level=3, parent=deyang, full_name="四川省德阳市旌阳区")
    mianyang = RegionFactory(code="510700", name="绵阳市", level=2, parent=sichuan, full_name="四川省绵阳市")
    fucheng = RegionFactory(code="510703", name="涪城区", level=3, parent=mianyang, full_name="四川省绵阳市涪城区")
    eia = ServiceItemFactory(code="ZJ-HJ-001", name=EIA,
                             approving_department=DepartmentFactory(region=deyang, name="德阳市生态环境局"),
                             category=ServiceCategoryFactory(code="env", name="生态环境"),
                             approval_item="建设项目环境影响评价文件审批")
    soil = ServiceItemFactory(code="ZJ-SB-001", name=SOIL,
                              approving_department=DepartmentFactory(region=deyang, name="德阳市水利局"),
                              category=ServiceCategoryFactory(code="water", name="水利水保"),
                              approval_item="生产建设项目水土保持方案审批",
                              legal_basis="《中华人民共和国水土保持法》第二十五条")
    ServiceItemFactory(code="ZJ-CH-901", name=SURVEY, category=ServiceCategoryFactory(code="survey", name="测绘"),
                       approving_department=DepartmentFactory(region=deyang, name="德阳市自然资源和规划局"),
                       approval_item="测绘成果质量审核", legal_basis="《中华人民共和国测绘法》第三十九条")
    AgencyServiceFactory(agency=AgencyFactory(name=CLEAN, region=jingyang), item=eia)
    AgencyServiceFactory(agency=AgencyFactory(
        name=BARRED, region=jingyang, blacklist_reason="出具虚假报告",
        blacklisted_since=timezone.now() - datetime.timedelta(days=3),
        blacklisted_until=timezone.now() + datetime.timedelta(days=300)), item=eia)
    far = AgencyFactory(name=FAR, region=fucheng)
    AgencyServiceFactory(agency=far, item=eia)
    AgencyServiceFactory(agency=far, item=soil)
    owner = OwnerFactory(name="德阳市旌阳区住房和城乡建设局", region=jingyang)
    JobFactory(owner=owner, item=eia, title=JOB, project_code="2026-510603-48-01-000777")
    for words in ("环评\n环境影响评价\n环境影响报告", "水保\n水土保持", "测绘\n测量"):
        SynonymGroup.objects.create(words=words)
    # Rows written by factories announce nothing: the lexicon and facet labels kept per process
    # would otherwise be those of an earlier test.
    changes.announce(topics=["catalogue", "synonyms"])
    rebuild()


def test_suggestions_results_facets_and_a_typo(page, scene):
    page.goto("/search/")
    box = page.locator("#search-q")
    assert box.get_attribute("role") == "combobox"
    box.click()
    box.press_sequentially("hp", delay=250)  # the pinyin initials of 环评
    listbox = page.get_by_role("listbox")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert "环评" in options.first.inner_text()
    box.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    shot(page, "1-suggestions")
    with page.expect_navigation():
        box.press("Enter")
    assert "q=" in page.url
    assert page.locator("#search-q").input_value() == "环评"

    # The abbreviation finds the item, every agency offering it and the job for it.
    titles = page.locator("li.hit .hit-title a").all_inner_texts()
    assert titles[0] == EIA  # the item the abbreviation names comes first
    for name in (CLEAN, BARRED, FAR, JOB):
        assert name in titles
    assert SOIL not in titles
    marked = page.locator("li.hit").first.locator(".hit-title mark").all_inner_texts()
    assert marked and all(word.startswith("环境影响") for word in marked), marked
    understood = page.locator(".search-understood").inner_text()
    assert "也按" in understood and "环境影响评价" in understood
    barred = page.locator("li.hit", has_text=BARRED)
    assert barred.locator("[data-standing=blacklisted]").inner_text() == "列入黑名单"
    assert page.locator("li.hit", has_text=CLEAN).locator("[data-standing]").count() == 0
    shot(page, "2-results")

    # A region facet narrows the hits; the words stay in the box.
    before = shown_total(page)
    facet = page.locator(".search-facets section.facet", has=page.locator("h2", has_text="地区"))
    click_and_wait(page, facet.get_by_role("link", name=re.compile("^四川省")))
    assert shown_total(page) < before  # the items have no region
    click_and_wait(page, facet.get_by_role("link", name=re.compile("^德阳市")))
    assert "region=510600" in page.url
    assert page.locator("#search-q").input_value() == "环评"
    text = hits_text(page)
    assert CLEAN in text and BARRED in text and FAR not in text
    assert shown_total(page) < before
    assert page.locator(".search-facets a.chosen", has_text="德阳市").count() == 1
    shot(page, "3-region-facet")

    # A typo with no hits: its correction's results, and a way to search the words as typed.
    page.goto("/search/")
    box = page.locator("#search-q")
    box.fill("测会")
    with page.expect_navigation():
        box.press("Enter")  # nothing is highlighted in the list: the form is sent
    assert SURVEY in hits_text(page)
    if connection.vendor == "postgresql":
        # pg_trgm finds the near-miss itself (测会 spelled cehui, as 测绘 is): no correction needed,
        # "did you mean" is offered beside the hit
        assert page.locator(".search-suggestion", has_text="测绘").count() >= 1
        shot(page, "4-typo-near-miss")
        return
    note = page.locator(".search-suggestion", has_text="仍然搜索")
    assert "已显示“测绘”的结果" in note.inner_text()
    shot(page, "4-typo-corrected")
    click_and_wait(page, note.get_by_role("link", name="仍然搜索“测会”"))
    assert "as_typed=1" in page.url and page.locator(".search-suggestion", has_text="仍然搜索").count() == 0


def test_without_javascript_the_directory_and_in_english(browser, live_server, page, scene):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    try:
        plain = context.new_page()
        plain.goto("/search/")
        box = plain.locator("#search-q")
        assert box.get_attribute("role") is None  # no script: a plain text box
        box.fill("环评")
        click_and_wait(plain, plain.locator("form.search-form button[type=submit]").first)
        text = hits_text(plain)
        for name in (EIA, CLEAN, BARRED, FAR, JOB):
            assert name in text
        assert plain.get_by_role("listbox").count() == 0
        shot(plain, "5-no-javascript")
    finally:
        context.close()

    page.goto("/agencies/?q=环评")
    main = page.locator("main").inner_text()
    assert CLEAN in main and BARRED in main and FAR in main
    assert page.locator("[data-standing=blacklisted]").count() >= 1
    shot(page, "6-directory")

    page.goto("/search/?q=环评")
    page.select_option("#lang-select", "en")
    click_and_wait(page, page.locator(".lang-switch button[type=submit]"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#search-q").input_value() == "环评"
    assert EIA in hits_text(page)
    content = page.content()
    with translation.override("en"):
        english = {label: gettext(label) for label in LABELS}
    translated = {label: text for label, text in english.items() if text != label}
    assert translated, "the English catalogue has none of the search page's labels"
    for label, text in translated.items():
        assert text in content, f"{label} → {text} not on the English page"
    untranslated = sorted(set(LABELS) - set(translated))
    if untranslated:
        print("search labels without an English translation yet:", "、".join(untranslated))
    assert not re.search(r"[\u4e00-\u9fff]", page.locator(".result-count").inner_text())
    shot(page, "7-english")


def test_the_header_box_from_any_page(browser, live_server, page, scene):
    """The header's box, on a page that has its own boxes too: suggestions as one types, Enter
    sends the words to the results page (which keeps only its own box); without JavaScript the
    box is a plain form, and an English reader lands on the English results."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/")
    header = page.get_by_role("search", name="站内搜索", exact=True)
    box = header.get_by_role("combobox", name="站内搜索", exact=True)  # the script made it one
    box.click()
    box.press_sequentially("hp", delay=250)
    header.get_by_role("listbox").wait_for(state="visible")
    assert "环评" in header.get_by_role("option").first.inner_text()
    assert page.locator("#home-q").get_attribute("aria-expanded") == "false"  # the page's own box stays closed
    page.screenshot(path=str(SCREENSHOTS / "header-search-1-suggestions.png"))
    box.fill("环评")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith("/search/?q=%E7%8E%AF%E8%AF%84")
    assert page.locator("#search-q").input_value() == "环评"
    assert page.locator("form.site-search").count() == 0
    assert EIA in hits_text(page)
    page.screenshot(path=str(SCREENSHOTS / "header-search-2-results.png"))

    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    try:
        plain = context.new_page()
        plain.goto("/agencies/")
        form = plain.locator("form.site-search")
        assert form.locator("input[type=search]").get_attribute("role") is None
        form.locator("input[type=search]").fill("环评")
        plain.screenshot(path=str(SCREENSHOTS / "header-search-3-english-no-javascript.png"))
        click_and_wait(plain, form.locator("button[type=submit]"))
        assert plain.locator("html").get_attribute("lang") == "en"
        assert "/search/?q=" in plain.url and EIA in hits_text(plain)
    finally:
        context.close()
