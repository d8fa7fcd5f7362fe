"""/fees/: every government-priced item's fee rule and the calculator for the one picked, as GET
forms that need no JavaScript; bad input gets a message beside its field and a 200, never a 500."""
import re
from decimal import Decimal

import pytest

from tests.factories import FeeRuleFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

BANDS = [
    {"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
    {"lower": "1000", "upper": "5000", "rate": "6", "fixed": "0"},
    {"lower": "5000", "upper": None, "rate": "3", "fixed": "0"},
]
COMPLEXITY = {"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1"}


@pytest.fixture
def priced(home):
    rule = FeeRuleFactory(item__code="ZJ-0102", item__name="环境影响评价报告书编制", bands=BANDS,
                          coefficients=[COMPLEXITY], minimum_fee=Decimal("5000"))
    waiting = ServiceItemFactory(code="ZJ-0103", name="地震安全性评价", fee_type="government")
    market = ServiceItemFactory(code="ZJ-0201", name="工程造价咨询", fee_type="market")
    return {"rule": rule, "waiting": waiting, "market": market}


def text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_page_lists_every_government_priced_item_and_only_those(client, priced):
    html = text(client.get("/fees/"))
    assert "环境影响评价报告书编制" in html and "?item=ZJ-0102#fee" in html
    assert "地震安全性评价" in html and "收费标准正在录入" in html   # listed, nothing to compute yet
    assert "工程造价咨询" not in html   # market-regulated
    assert 'name="fee-quantity"' not in html   # no item picked yet


def test_picking_an_item_shows_its_rule_and_a_calculator_that_keeps_the_item(client, priced):
    html = text(client.get("/fees/?item=ZJ-0102"))
    assert "收费依据" in html and 'name="fee-quantity"' in html
    assert '<input type="hidden" name="item" value="ZJ-0102">' in html


def test_the_calculator_computes_the_worked_example_without_javascript(client, priced):
    # 1000 × 10 + 2000 × 6 = 22,000 ; × 1.1 = 24,200.00 (tests/fees' worked example)
    html = text(client.get("/fees/?item=ZJ-0102&fee-quantity=3000&fee-k_complexity=1.1"))
    assert "1000 × 10 = 10,000.00" in html and "2000 × 6 = 12,000.00" in html
    assert "24,200.00 元" in html


@pytest.mark.parametrize("query, message", [
    ("item=ZJ-0102&fee-quantity=三千", "请填写数字形式的计费数量"),
    ("item=ZJ-0102&fee-quantity=3000&fee-k_complexity=1.5", "须在 0.8～1.2 之间"),
    ("item=NO-SUCH", "选择一个有效的选项"),
    ("item=ZJ-0201", "选择一个有效的选项"),   # a market-priced item has no calculator
])
def test_bad_input_gets_a_message_and_no_result(client, priced, query, message):
    html = text(client.get(f"/fees/?{query}"))
    assert message in html and "收费标准金额" not in html


def test_the_english_page_is_english(client, priced):
    client.cookies["django_language"] = "en"
    html = text(client.get("/fees/?item=ZJ-0102&fee-quantity=3000"))
    assert "Fee calculator" in html and "计算过程" not in html


def test_the_page_reads_a_constant_number_of_queries(client, priced, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            text(client.get("/fees/"))
        return len(captured.captured_queries)

    queries()
    before = queries()
    for n in range(4):
        FeeRuleFactory(item__code=f"ZJ-09{n}", bands=BANDS)
    assert queries() == before
