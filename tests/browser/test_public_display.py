"""A visitor without JavaScript switches to the large-text mode and to English on the cached
public pages, and each choice shows at once on every page (the cache keeps them apart)."""
import pytest

from core.demo.site import ensure_page_tree
from tests.factories import AgencyFactory

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


@pytest.fixture
def no_script_page(browser, live_server, transactional_db, django_db_serialized_rollback, settings):
    settings.PAGE_CACHE_ENABLED = True
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_large_text_and_english_without_javascript_on_cached_pages(no_script_page):
    page = no_script_page

    def screenshot(name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"public-display--{name}.png"), full_page=True)

    ensure_page_tree()
    AgencyFactory(name="德阳蓝天环境科技有限公司")
    for _visit in range(2):  # the second visit comes from the cache
        page.goto("/agencies/")
    assert "德阳蓝天环境科技有限公司" in page.content()
    normal_size = page.locator("main h1").bounding_box()["height"]

    with page.expect_navigation():
        page.get_by_role("button", name="大字版").click()
    screenshot("1-large-text")
    assert page.url.endswith("/agencies/")
    assert "large-text" in page.locator("body").get_attribute("class")
    assert page.locator("main h1").bounding_box()["height"] > normal_size
    page.goto("/catalogue/")
    assert "large-text" in page.locator("body").get_attribute("class")

    page.select_option("#lang-select", "en")
    with page.expect_navigation():
        page.locator(".lang-switch button[type=submit]").click()
    screenshot("2-english-large")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Standard text size").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Standard text size").click()
    assert "large-text" not in (page.locator("body").get_attribute("class") or "")
