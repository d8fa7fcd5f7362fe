"""Accessibility: axe-core (served by the project from static/vendor/, never a CDN) runs in
Chromium on every public page type — in Chinese, in English and in the large-text, high-contrast
mode (适老化) — and finds no serious or critical violation of WCAG 2.1 A/AA. A violation names its
rule, the page and the elements, so whoever breaks one knows where."""
import datetime

import pytest
from django.utils import timezone

from bidding.models import Job
from core.demo.guides import ensure_guides
from core.demo.site import ensure_page_tree
from tests.factories import AgencyFactory, AgencyServiceFactory, FeeRuleFactory, JobFactory
from tests.factories.blacklist import approved

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

AXE = "/static/vendor/axe-core/axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MODES = {"zh": {"django_language": "zh-hans"}, "en": {"django_language": "en"},
         "large": {"django_language": "zh-hans", "text_size": "large"}}


@pytest.fixture
def scene(transactional_db):
    ensure_page_tree(english=True)
    rule = FeeRuleFactory(item__code="ZJ-A11Y-01", item__name="建设项目环境影响报告书编制")
    ensure_guides()
    agency = AgencyFactory(name="德阳蓝天环境科技有限公司")
    AgencyServiceFactory(agency=agency, item=rule.item)
    job = JobFactory(item=rule.item, title="旌阳区道路改建工程环境影响评价")
    JobFactory(item=rule.item, title="已截止的项目", status=Job.Status.CLOSED,
               closes_at=timezone.now() - datetime.timedelta(days=1))
    approved(AgencyFactory(name="失信测试咨询有限公司"))
    return {"item": rule.item, "agency": agency, "job": job}


def pages(scene):
    code, uscc, job = scene["item"].code, scene["agency"].uscc, scene["job"].pk
    return {
        "home": "/", "notices": "/notices/", "notice": f"/notices/{job}/", "draw": f"/notices/{job}/draw/",
        "catalogue": "/catalogue/", "item": f"/catalogue/{code}/?fee-quantity=3000",
        "guide-print": f"/catalogue/{code}/guide/", "history": f"/catalogue/{code}/history/",
        "fees": f"/fees/?item={code}&fee-quantity=3000", "directory": "/agencies/", "agency": f"/agencies/{uscc}/",
        "credit": "/credit/", "blacklist": "/credit/blacklist/", "redlist": "/credit/redlist/",
        "contact": "/contact/", "prose": "/guide/", "search": "/search/?q=环评", "statistics": "/statistics/",
        "complaints": "/complaints/", "templates": "/contracts/templates/",
    }


def violations(page):
    page.add_script_tag(url=AXE)
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
    }""", WCAG)
    return found


@pytest.mark.parametrize("mode", list(MODES))
def test_no_serious_or_critical_violation_on_any_page_type(page, live_server, scene, mode):
    page.context.add_cookies([{"name": name, "value": value, "url": live_server.url}
                              for name, value in MODES[mode].items()])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for name, url in pages(scene).items():
        response = page.goto(url)
        assert response.status == 200, url
        if name in ("home", "fees", "item", "agency", "notice"):
            page.screenshot(path=str(SCREENSHOTS / f"a11y-{mode}-{name}.png"), full_page=True)
        problems = violations(page)
        if problems:
            found[url] = problems
    assert found == {}
