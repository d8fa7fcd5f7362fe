"""The catalogue through the API (/api/v1/catalogue/): anyone reads the items in force with their
fee rules and has a fee calculated exactly as the site's calculator does; bad input gets one error
body with a machine code and a message in the caller's language; the list pages by cursor in a
constant number of queries."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import FeeRuleFactory, ServiceCategoryFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

BANDS = [
    {"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
    {"lower": "1000", "upper": "5000", "rate": "6", "fixed": "0"},
    {"lower": "5000", "upper": None, "rate": "3", "fixed": "0"},
]
COMPLEXITY = {"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1"}


@pytest.fixture
def catalogue(db):
    water = ServiceCategoryFactory(code="water", name="水利")
    rule = FeeRuleFactory(item__code="ZJ-0102", item__name="环境影响评价报告书编制", bands=BANDS,
                          coefficients=[COMPLEXITY], minimum_fee=Decimal("5000"))
    market = ServiceItemFactory(code="ZJ-0201", name="水土保持方案编制", fee_type="market", category=water)
    ServiceItemFactory(code="ZJ-0999", name="已取消的事项", is_active=False)
    return rule, market


def test_anyone_lists_the_items_in_force_by_code_with_their_fee_rules(client, catalogue):
    response = client.get("/api/v1/catalogue/items/")
    assert response.status_code == 200
    body = response.json()
    assert [item["code"] for item in body["results"]] == ["ZJ-0102", "ZJ-0201"]   # never a withdrawn one
    priced, market = body["results"]
    assert priced["fee_rule"]["mode"] == catalogue[0].mode and priced["fee_rule"]["minimum_fee"] == "5000.00"
    assert market["fee_rule"] is None and market["category"] == "water"


def test_the_list_filters_like_the_public_catalogue(client, catalogue):
    assert [i["code"] for i in client.get("/api/v1/catalogue/items/?category=water").json()["results"]] == ["ZJ-0201"]
    assert [i["code"] for i in client.get("/api/v1/catalogue/items/?fee_type=market").json()["results"]] == ["ZJ-0201"]
    assert [i["code"] for i in client.get("/api/v1/catalogue/items/?q=报告书").json()["results"]] == ["ZJ-0102"]


def test_the_list_pages_by_cursor_in_a_constant_number_of_queries(client, catalogue):
    first = client.get("/api/v1/catalogue/items/?page_size=1").json()
    assert [i["code"] for i in first["results"]] == ["ZJ-0102"] and first["next"]
    second = client.get(first["next"]).json()
    assert [i["code"] for i in second["results"]] == ["ZJ-0201"] and second["next"] is None

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/catalogue/items/").status_code == 200
        return len(captured)

    before = queries()
    for number in range(20):
        FeeRuleFactory(item__code=f"ZJ-5{number:03d}")
    assert queries() == before


def test_one_item_with_its_rule_and_a_404_body_for_an_unknown_code(client, catalogue):
    item = client.get("/api/v1/catalogue/items/ZJ-0102/").json()
    assert item["name"] == "环境影响评价报告书编制" and item["fee_rule"]["coefficients"][0]["key"] == "complexity"
    response = client.get("/api/v1/catalogue/items/NO-SUCH/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_fee_is_the_calculators_worked_example(client, catalogue):
    # 1000 × 10 + 2000 × 6 = 22,000 ; × 1.1 = 24,200.00 (tests/fees' worked example)
    body = client.get("/api/v1/catalogue/items/ZJ-0102/fee/?quantity=3000&k_complexity=1.1").json()
    assert body["final_fee"] == "24200.00" and body["base_fee"] == "22000.00"
    assert [line["amount"] for line in body["lines"]] == ["10000.00", "12000.00"]
    assert body["coefficients"] == [{"key": "complexity", "name": "复杂程度调整系数", "value": "1.1000"}]


@pytest.mark.parametrize("query, field", [
    ("quantity=三千", "quantity"), ("quantity=-5", "quantity"), ("", "quantity"),
    ("quantity=3000&k_complexity=9", "complexity"),
])
def test_bad_input_to_the_calculator_is_a_400_with_the_field_and_its_message(client, catalogue, query, field):
    response = client.get(f"/api/v1/catalogue/items/ZJ-0102/fee/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "fee_input_invalid" and body["message"]
    assert list(body.get("fields", {field: None})) == [field]


def test_a_market_priced_item_has_no_fee_to_calculate(client, catalogue):
    response = client.get("/api/v1/catalogue/items/ZJ-0201/fee/?quantity=100")
    assert response.status_code == 404 and "市场调节价" in response.json()["message"]


def test_messages_follow_the_callers_language(client, catalogue):
    body = client.get("/api/v1/catalogue/items/ZJ-0102/fee/?quantity=-5&lang=en").json()
    assert body["message"] == "The billing quantity cannot be negative."
