"""The statistics pages: every figure is a table (caption, column and row headers) with its
chart's data beside it in a JSON data island; regulators see only what their department
supervises; the public summary is for everyone; no CDN, no inline script."""
import json
import re

import pytest
from django.urls import reverse

from oversight.forms.statistics import add_months

pytestmark = pytest.mark.django_db

REGULATOR_FIGURES = ("jobs", "savings", "time", "on_time", "bids", "complaints", "outside", "grades",
                     "concentration", "items", "regions")
PUBLIC_FIGURES = ("jobs", "time", "savings", "outside")


def islands(html):
    """{id: data} of every JSON data island of the page."""
    found = re.findall(r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S)
    return {key: json.loads(body) for key, body in found}


def headline(html, key):
    match = re.search(rf'data-headline="{key}"><span class="label">[^<]*</span><span class="value">([^<]*)<', html)
    return match.group(1)


def test_the_regulator_page_shows_each_figure_as_a_table_with_its_chart_data(regulator_client, scene):
    response = regulator_client.get(reverse("oversight_regulator:statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    data = islands(html)
    for key in REGULATOR_FIGURES:
        assert f'data-chart="chart-{key}"' in html
        assert f"chart-{key}" in data
        assert f'<table class="data" data-table="{key}">' in html
    # Twelve months, the last the current one; the goal line is 70 % of the year-earlier average.
    time = data["chart-time"]
    assert len(time["labels"]) == 12 and time["labels"][-1] == f"{scene.month:%Y-%m}"
    goal = next(series for series in time["series"] if series.get("dashed"))
    assert goal["data"][-1] == 21.0  # a year earlier: 30 working days on average → 21
    # Accessible tables: a caption, column headers and row headers.
    table = html[html.index('data-table="time"'):]
    table = table[:table.index("</table>")]
    assert "<caption" in table and 'scope="col"' in table and f'<th scope="row">{scene.month:%Y-%m}</th>' in table


def test_the_regulator_sees_only_what_the_department_supervises(regulator_client, scene):
    html = regulator_client.get(reverse("oversight_regulator:statistics")).content.decode()
    # In scope: item A in 旌阳区, 4 + 2 awarded jobs; not Chengdu's 7, not item B's 9.
    assert headline(html, "jobs") == "6"
    assert "ZJ-B" not in html and "地形测绘" not in html
    jobs = islands(html)["chart-jobs"]
    assert jobs["series"][0]["data"][-1] == 4
    # The filters offer only the supervised categories and the department's region.
    assert 'value="x"' in html and 'value="y"' not in html
    assert 'value="510603"' in html and 'value="510104"' not in html
    # Credit grades: the agencies offering the supervised items, seated in the region (ag1, grade A).
    grades = islands(html)["chart-grades"]
    assert dict(zip(grades["labels"], grades["series"][0]["data"])) == {
        "A级": 1, "B级": 0, "C级": 0, "D级": 0, "未评级": 0}


def test_filters_narrow_the_figures(regulator_client, scene):
    url = reverse("oversight_regulator:statistics")
    period = {"start": f"{scene.month:%Y-%m}", "end": f"{scene.month:%Y-%m}"}
    html = regulator_client.get(url, {"item": "ZJ-A", "region": "510603", **period}).content.decode()
    assert headline(html, "jobs") == "4"
    assert islands(html)["chart-jobs"]["labels"] == [f"{scene.month:%Y-%m}"]
    html = regulator_client.get(url, {"category": "x", "region": "510681"}).content.decode()  # 广汉市: nothing
    assert headline(html, "jobs") == "0"


@pytest.mark.parametrize("query, message", [
    ({"start": "2026-13"}, "请按“年-月”填写月份"),
    ({"start": "2026-05", "end": "2026-01"}, "起始月份不能晚于截止月份"),
    ({"item": "ZJ-B"}, "选择一个有效的选项"),  # outside the department's categories
    ({"region": "510104"}, "选择一个有效的选项"),  # outside the department's region
    ({"item": "ZJ-A", "category": "x", "start": "1999-01"}, "请按“年-月”填写月份"),
])
def test_bad_filters_are_answered_on_the_form(regulator_client, scene, query, message):
    response = regulator_client.get(reverse("oversight_regulator:statistics"), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="errorlist"' in html and "data-chart=" not in html


def test_the_public_summary_shows_headlines_and_a_few_charts_to_everyone(client, scene, summary_url):
    response = client.get(summary_url)
    assert response.status_code == 200
    html = response.content.decode()
    data = islands(html)
    assert set(data) == {f"chart-{key}" for key in PUBLIC_FIGURES}
    for key in PUBLIC_FIGURES:
        assert f'<table class="data" data-table="{key}">' in html
    # Everything counts on the public page: 4 + 2 + 7 + 9 awarded jobs.
    assert headline(html, "jobs") == "22"
    assert "export.csv" not in html  # exports are for regulators


def test_the_public_summary_is_an_editors_page_with_their_intro(client, scene, summary_url):
    from cms.models import StatisticsPage

    page = StatisticsPage.objects.get()
    page.intro = "<p>统计口径说明：按成交月份汇总。</p>"
    page.save_revision().publish()
    html = client.get(summary_url).content.decode()
    assert "统计口径说明：按成交月份汇总。" in html and 'data-headline="jobs"' in html


def test_the_public_summary_is_linked_from_the_footer(client, scene, summary_url):
    html = client.get(summary_url).content.decode()
    footer = html[html.index('class="site-footer"'):]
    assert f'href="{summary_url}"' in footer


def test_the_pages_work_without_javascript_and_use_no_cdn_or_inline_script(regulator_client, client, scene,
                                                                          summary_url):
    for html in (regulator_client.get(reverse("oversight_regulator:statistics")).content.decode(),
                 client.get(summary_url).content.decode()):
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert scripts
        for attributes in scripts:
            # Either a file of our own static files or a JSON data island (data, never run).
            assert 'type="application/json"' in attributes or re.search(r'src="/static/', attributes), attributes
        assert 'src="/static/vendor/chart.js/chart.umd.min.js"' in html
        assert 'src="/static/js/statistics.js"' in html
        # Every asset the project's own (the canonical and language links name the page itself, not an asset).
        own = re.sub(r'<link rel="(?:canonical|alternate)"[^>]*>', "", html)
        for url in re.findall(r'(?:src|href)="([^"]+)"', own):
            assert not url.startswith(("http:", "https:", "//")), url
        # Without JavaScript every number is in the tables already.
        assert html.count("<table") >= 4


def test_the_year_earlier_months_are_compared(regulator_client, scene):
    html = regulator_client.get(reverse("oversight_regulator:statistics")).content.decode()
    time = islands(html)["chart-time"]
    before = next(series for series in time["series"] if series["label"] == "上年同期平均")
    two_ago = time["labels"].index(f"{add_months(scene.month, -2):%Y-%m}")
    assert before["data"][two_ago] == 28.0 and before["data"][-1] == 30.0
    assert "已达到" in html  # 18 working days against 70 % of 29.2


def test_the_regional_breakdown_starts_under_the_department_or_the_chosen_region(regulator_client, scene):
    url = reverse("oversight_regulator:statistics")
    regions = islands(regulator_client.get(url).content.decode())["chart-regions"]
    assert regions["labels"] == ["旌阳区"]  # the counties of 德阳市, not the province
    regions = islands(regulator_client.get(url, {"region": "510603"}).content.decode())["chart-regions"]
    assert regions["labels"] == ["旌阳区"]
