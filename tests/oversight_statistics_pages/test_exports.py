"""CSV and XLSX exports of each table: the rows the page shows, as a download; an unknown table,
a bad filter or a period without data answered with the page and the reason (400)."""
import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

CSV = reverse("oversight_regulator:statistics_export_csv")
XLSX = reverse("oversight_regulator:statistics_export_xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_page_links_each_table_to_its_exports(regulator_client, scene):
    html = regulator_client.get(reverse("oversight_regulator:statistics"), {"item": "ZJ-A"}).content.decode()
    for key in ("jobs", "time", "concentration", "regions"):
        assert f'href="{CSV}?table={key}&amp;item=ZJ-A"' in html
        assert f'href="{XLSX}?table={key}&amp;item=ZJ-A"' in html


def test_a_table_exports_as_csv(regulator_client, scene):
    period = {"start": f"{scene.month:%Y-%m}", "end": f"{scene.month:%Y-%m}"}
    response = regulator_client.get(CSV, {"table": "jobs", **period})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    month = f"{scene.month:%Y%m}"
    assert response["Content-Disposition"] == f'attachment; filename="statistics-jobs-{month}-{month}.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["月份", "发布项目", "成交项目"]
    # Only the department's scope: item A in 旌阳区, 4 jobs for 340,000.00 yuan.
    assert rows[1] == [f"{scene.month:%Y-%m}", "5", "4", "1", "340000.00", "3"]


def test_a_table_exports_as_xlsx(regulator_client, scene):
    response = regulator_client.get(XLSX, {"table": "concentration"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="statistics-concentration-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["服务事项", "成交项目", "中选机构数"]
    # 3 + 1 wins in scope (Chengdu's 7 are another region's): the top three hold all.
    assert rows[1][:4] == ["ZJ-A 环境影响评价", 4, 2, 100]
    assert float(rows[1][4]) == 6250.0  # (75² + 25²)


def test_every_figure_of_the_page_exports(regulator_client, scene):
    for key in ("jobs", "savings", "time", "on_time", "bids", "complaints", "outside", "grades",
                "concentration", "items", "regions"):
        for url in (CSV, XLSX):
            response = regulator_client.get(url, {"table": key})
            assert response.status_code == 200, (key, url)
            assert response["Content-Disposition"].startswith(f'attachment; filename="statistics-{key}-')


def test_an_unknown_table_is_refused_clearly(regulator_client, scene):
    response = regulator_client.get(CSV, {"table": "salaries"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert "没有这张统计表" in response.content.decode()


def test_a_period_without_data_is_refused_clearly(regulator_client, scene):
    response = regulator_client.get(XLSX, {"table": "jobs", "start": "2001-01", "end": "2001-12"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert "没有统计数据" in html and "2001-01" in html


def test_a_bad_filter_in_an_export_is_refused_on_the_form(regulator_client, scene):
    response = regulator_client.get(CSV, {"table": "jobs", "end": "yesterday"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert "请按“年-月”填写月份" in response.content.decode()
