"""The public fee calculator and fee-rule table that item pages include."""
from decimal import Decimal

from django.http import QueryDict
from django.template.loader import render_to_string

from marketplace.forms.fees import fee_calculator_context
from tests.factories import FeeRuleFactory

BANDS = [
    {"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
    {"lower": "1000", "upper": "5000", "rate": "6", "fixed": "0"},
    {"lower": "5000", "upper": None, "rate": "3", "fixed": "0"},
]
COMPLEXITY = {"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1"}


def make_rule(**overrides):
    return FeeRuleFactory(bands=BANDS, coefficients=[COMPLEXITY], minimum_fee=Decimal("5000"), **overrides)


def render_calculator(context):
    return render_to_string("marketplace/includes/fee_calculator.html", context)


def test_without_a_question_the_calculator_offers_the_form_with_the_default_coefficients(db):
    context = fee_calculator_context(make_rule(), QueryDict(""))

    assert context["calc_result"] is None
    assert not context["calc_form"].is_bound
    assert context["calc_form"]["k_complexity"].initial == "1"
    html = render_calculator(context)
    assert 'name="fee-quantity"' in html
    assert 'method="get"' in html


def test_the_calculator_shows_the_fee_and_how_it_was_computed(db):
    context = fee_calculator_context(make_rule(), QueryDict("fee-quantity=3000&fee-k_complexity=1.1"))

    # 1000 × 10 + 2000 × 6 = 22,000 ; × 1.1 = 24,200.00
    assert context["calc_result"].final_fee == Decimal("24200.00")
    html = render_calculator(context)
    assert "1000 × 10 = 10,000.00" in html
    assert "2000 × 6 = 12,000.00" in html
    assert "24,200.00 元" in html


def test_the_calculator_says_when_the_minimum_fee_applies(db):
    context = fee_calculator_context(make_rule(), QueryDict("fee-quantity=300"))

    # 300 × 10 = 3,000 < 5,000
    assert context["calc_result"].final_fee == Decimal("5000.00")
    assert "低于最低收费，按 5,000.00 元收取" in render_calculator(context)


def test_a_coefficient_out_of_range_is_refused_next_to_its_field_and_kept(db):
    context = fee_calculator_context(make_rule(), QueryDict("fee-quantity=3000&fee-k_complexity=1.5"))

    assert context["calc_result"] is None
    assert context["calc_form"].errors["k_complexity"] == ["“复杂程度调整系数”须在 0.8～1.2 之间，填写的是 1.5。"]
    html = render_calculator(context)
    assert "须在 0.8～1.2 之间" in html
    assert 'value="1.5"' in html


def test_a_quantity_that_is_negative_or_not_a_number_is_refused(db):
    rule = make_rule()

    negative = fee_calculator_context(rule, QueryDict("fee-quantity=-5"))
    words = fee_calculator_context(rule, QueryDict("fee-quantity=三千"))

    assert negative["calc_form"].errors["quantity"] == ["计费数量不能为负数。"]
    assert words["calc_form"].errors["quantity"] == ["请填写数字形式的计费数量，例如 3000 或 125.5。"]


def test_a_stored_rule_that_cannot_be_computed_shows_a_message_instead_of_failing(db):
    broken = FeeRuleFactory(bands=[{"lower": "0", "upper": "100", "rate": "1"},
                                   {"lower": "200", "upper": None, "rate": "1"}])

    context = fee_calculator_context(broken, QueryDict("fee-quantity=10"))

    assert context["calc_result"] is None
    assert context["calc_form"].non_field_errors() == ["该收费标准暂不能自动计算，请以收费依据为准。"]


def test_no_rule_renders_nothing(db):
    context = fee_calculator_context(None, QueryDict("fee-quantity=10"))

    assert render_calculator(context).strip() == ""
    assert render_to_string("marketplace/includes/fee_rule_table.html", {"rule": None}).strip() == ""


def test_the_fee_rule_table_lists_bands_with_units_limits_and_coefficients(db):
    html = render_to_string("marketplace/includes/fee_rule_table.html", {"rule": make_rule()})

    assert "项目总投资（万元）" in html
    assert "费率（元/万元）" in html
    assert "1000 – 5000（含 5000）" in html
    assert "5000 以上" in html
    assert "5000.00 元" in html  # the minimum fee
    assert "复杂程度调整系数" in html and "0.8 ～ 1.2" in html
    assert "计价格〔2002〕125号" in html
