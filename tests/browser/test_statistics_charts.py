"""The statistics pages in Chromium: with JavaScript every figure gets its chart (Chart.js from
the project's static files) beside its table; without JavaScript the tables alone, the same
numbers. Screenshots in var/screenshots/ (statistics--*.png)."""
import pytest

from oversight.forms.statistics import add_months
from tests.oversight_statistics_pages.conftest import month_row, scene, summary_url  # noqa: F401 (fixtures)

from .conftest import SCREENSHOTS
from .test_bidding_flow import log_in_with_a_cookie

pytestmark = pytest.mark.browser


def a_year_and_more(scene):  # noqa: F811 (the fixture, used as a value)
    """Two years of in-scope months, each a little faster than a year earlier, so the charts show
    something: more jobs, savings, the service time falling towards the goal line."""
    region = scene.regions["510603"]
    for back in range(1, 24):
        month = add_months(scene.month, -back)
        if back in (2, 12, 14):
            continue  # the scene has these
        jobs = 3 + (back * 7) % 5
        month_row(scene.item_a, region, month, awarded=jobs, service_days=(16 + back // 2) * jobs,
                  on_time=jobs - back % 2, bids=jobs * (2 + back % 3), single_bidder=int(back % 3 == 0),
                  complaints=int(back % 4 == 0), outside_winners=back % 3,
                  budget_awarded_fen=(8_000_000 + 50_000 * back) * jobs)


def test_the_regulator_sees_charts_beside_the_tables(page, live_server, scene, screenshot):  # noqa: F811
    a_year_and_more(scene)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in_with_a_cookie(page, live_server, scene.regulator.user)
    page.goto("/regulator/oversight/statistics/")
    page.wait_for_selector("figure.has-chart canvas")
    figures = page.locator("figure[data-chart]")
    assert figures.count() == 11
    assert page.locator("figure.has-chart canvas").count() == 11
    assert page.locator('canvas[role="img"][aria-label*="服务时间"]').count() == 1
    screenshot("statistics--regulator")
    assert not errors, errors
    # Everything from the site itself: no CDN.
    assert all(url.startswith(live_server.url) for url in requests), requests


def test_the_public_summary_has_charts_and_works_without_javascript(page, browser, live_server, scene,  # noqa: F811
                                                                    summary_url, screenshot):  # noqa: F811
    a_year_and_more(scene)
    page.goto(summary_url)
    page.wait_for_selector("figure.has-chart canvas")
    assert page.locator("figure.has-chart canvas").count() == 4
    screenshot("statistics--public")
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    bare = context.new_page()
    bare.goto(summary_url)
    assert bare.locator("canvas").count() == 0
    assert bare.locator("figure[data-chart] table").count() == 4
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bare.screenshot(path=str(SCREENSHOTS / "statistics--public-no-javascript.png"), full_page=True)
    context.close()
