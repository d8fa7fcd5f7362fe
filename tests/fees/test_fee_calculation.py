"""The fee calculation against worked examples done by hand, and the rules a fee rule must obey.

Every example writes its arithmetic out in a comment; the expected figure is that arithmetic,
never a value copied from the code's output.
"""
from decimal import Decimal
from types import SimpleNamespace

import pytest

from marketplace.fees import FeeInputInvalid, FeeRuleInvalid, calculate_fee, fee_range, validate_rule

COMPLEXITY = {"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1.0"}
SENSITIVITY = {"key": "sensitivity", "name": "环境敏感程度调整系数", "min": "0.8", "max": "1.5", "default": "1.0"}


def rule(bands, mode="progressive", coefficients=(), minimum_fee=None, maximum_fee=None, unit="万元"):
    return SimpleNamespace(
        mode=mode, bands=list(bands), coefficients=list(coefficients),
        minimum_fee=minimum_fee, maximum_fee=maximum_fee, quantity_unit=unit,
    )


# 0–1000万 at 10元/万, 1000–5000万 at 6元/万, above 5000万 at 3元/万 (差额定率累进)
INVESTMENT_BANDS = [
    {"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
    {"lower": "1000", "upper": "5000", "rate": "6", "fixed": "0"},
    {"lower": "5000", "upper": None, "rate": "3", "fixed": "0"},
]

# 分档计费: each band is a base fee plus a rate on the part above the band's lower bound.
# 0–500 亩: 5000 + 8/亩; 500–2000 亩: 9000 + 4/亩; above 2000 亩: 15000 + 2/亩
AREA_BANDS = [
    {"lower": "0", "upper": "500", "rate": "8", "fixed": "5000"},
    {"lower": "500", "upper": "2000", "rate": "4", "fixed": "9000"},
    {"lower": "2000", "upper": None, "rate": "2", "fixed": "15000"},
]


# --- progressive (差额定率累进) ----------------------------------------------------------------

def test_progressive_fee_is_the_sum_of_each_band_portion_times_its_rate_then_the_coefficient():
    result = calculate_fee(rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY]), "3000", {"complexity": "1.1"})

    # 1000 × 10 = 10,000 ; (3000 − 1000) × 6 = 12,000 ; base 22,000 ; × 1.1 = 24,200.00
    assert [(line.portion, line.amount) for line in result.lines] == [
        (Decimal("1000"), Decimal("10000")),
        (Decimal("2000"), Decimal("12000")),
    ]
    assert result.base_fee == Decimal("22000")
    assert result.final_fee == Decimal("24200.00")
    assert result.clamp is None


def test_progressive_fee_reaching_the_open_top_band_uses_every_band():
    result = calculate_fee(rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY]), "8000")

    # 1000 × 10 + 4000 × 6 + 3000 × 3 = 10,000 + 24,000 + 9,000 = 43,000 ; default coefficient 1.0
    assert [line.number for line in result.lines] == [1, 2, 3]
    assert result.final_fee == Decimal("43000.00")
    assert result.coefficients[0].value == Decimal("1.0")


def test_two_coefficients_multiply_the_base_fee():
    result = calculate_fee(
        rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY, SENSITIVITY]),
        "3000",
        {"complexity": "1.1", "sensitivity": "0.9"},
    )

    # base 22,000 (as above) × 1.1 × 0.9 = 24,200 × 0.9 = 21,780.00
    assert result.final_fee == Decimal("21780.00")


def test_progressive_fixed_parts_are_added_for_every_band_reached():
    bands = [
        {"lower": "0", "upper": "100", "rate": "20", "fixed": "1000"},
        {"lower": "100", "upper": None, "rate": "10", "fixed": "500"},
    ]

    result = calculate_fee(rule(bands), "250")

    # band 1: 100 × 20 + 1000 = 3,000 ; band 2: 150 × 10 + 500 = 2,000 ; total 5,000.00
    assert [line.amount for line in result.lines] == [Decimal("3000"), Decimal("2000")]
    assert result.final_fee == Decimal("5000.00")


def test_a_quantity_exactly_on_a_boundary_belongs_to_the_lower_band():
    result = calculate_fee(rule(INVESTMENT_BANDS), "1000")

    # "1000万元以下" includes 1000: 1000 × 10 = 10,000; the 1000–5000 band is not reached
    assert [line.number for line in result.lines] == [1]
    assert result.final_fee == Decimal("10000.00")


# --- band mode (分档计费) ---------------------------------------------------------------------

def test_band_mode_charges_the_base_of_the_band_plus_the_rate_above_its_lower_bound():
    result = calculate_fee(rule(AREA_BANDS, mode="band", unit="亩"), "1200")

    # 1200 亩 lies in 500–2000: 9000 + (1200 − 500) × 4 = 9000 + 2800 = 11,800.00
    assert len(result.lines) == 1
    assert result.lines[0].number == 2
    assert result.final_fee == Decimal("11800.00")


def test_band_mode_on_a_boundary_uses_the_lower_band():
    result = calculate_fee(rule(AREA_BANDS, mode="band", unit="亩"), "500")

    # 500 亩 is in 0–500: 5000 + (500 − 0) × 8 = 9,000.00 (= the next band's base: no jump)
    assert result.lines[0].number == 1
    assert result.final_fee == Decimal("9000.00")


def test_band_mode_in_the_open_top_band():
    result = calculate_fee(rule(AREA_BANDS, mode="band", unit="亩"), "2500")

    # 15000 + (2500 − 2000) × 2 = 16,000.00
    assert result.final_fee == Decimal("16000.00")


# --- minimum and maximum fee --------------------------------------------------------------------

def test_a_fee_below_the_minimum_is_raised_to_the_minimum():
    result = calculate_fee(rule(INVESTMENT_BANDS, minimum_fee=Decimal("5000")), "300")

    # 300 × 10 = 3,000 < minimum 5,000 → 5,000.00
    assert result.rounded_fee == Decimal("3000.00")
    assert result.final_fee == Decimal("5000.00")
    assert result.clamp == "minimum"


def test_a_fee_above_the_maximum_is_held_at_the_maximum():
    capped = rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY], maximum_fee=Decimal("40000"))

    result = calculate_fee(capped, "8000", {"complexity": "1.2"})

    # 43,000 (as above) × 1.2 = 51,600 > maximum 40,000 → 40,000.00
    assert result.rounded_fee == Decimal("51600.00")
    assert result.final_fee == Decimal("40000.00")
    assert result.clamp == "maximum"


def test_zero_quantity_costs_nothing_but_the_minimum_fee():
    # 0 × 10 = 0 ; no minimum → 0.00 ; with a minimum of 5,000 → 5,000.00
    assert calculate_fee(rule(INVESTMENT_BANDS), "0").final_fee == Decimal("0.00")
    assert calculate_fee(rule(INVESTMENT_BANDS, minimum_fee=5000), 0).final_fee == Decimal("5000.00")


def test_a_quantity_below_the_first_band_is_charged_as_the_starting_quantity():
    # The standard starts at 100 平方米 with a base of 3000 元 covering those first 100.
    bands = [{"lower": "100", "upper": None, "rate": "30", "fixed": "3000"}]

    small = calculate_fee(rule(bands, unit="平方米"), "40")
    larger = calculate_fee(rule(bands, unit="平方米"), "250")

    # 不足 100 平方米按 100 平方米计: (100 − 100) × 30 + 3000 = 3,000.00
    assert small.raised_to_start
    assert small.charged_quantity == Decimal("100")
    assert small.final_fee == Decimal("3000.00")
    # (250 − 100) × 30 + 3000 = 4,500 + 3,000 = 7,500.00
    assert not larger.raised_to_start
    assert larger.final_fee == Decimal("7500.00")


# --- rounding to the fen ------------------------------------------------------------------------

def test_the_fee_is_rounded_half_up_to_the_fen():
    area = [{"lower": "0", "upper": None, "rate": "0.5", "fixed": "0"}]

    # 100.25 × 0.5 = 50.125 → 50.13 (half up; banker's rounding would give 50.12)
    assert calculate_fee(rule(area, unit="平方米"), "100.25").final_fee == Decimal("50.13")
    # 1234.567 × 0.5 = 617.2835 → 617.28
    assert calculate_fee(rule(area, unit="平方米"), "1234.567").final_fee == Decimal("617.28")


def test_rounding_happens_once_after_the_coefficients():
    area = [{"lower": "0", "upper": None, "rate": "2.5", "fixed": "0"}]

    result = calculate_fee(rule(area, coefficients=[COMPLEXITY]), "33.33", {"complexity": "1.15"})

    # 33.33 × 2.5 = 83.325 ; × 1.15 = 95.82375 → 95.82
    # (rounding the base first would give 83.33 × 1.15 = 95.8295 → 95.83)
    assert result.base_fee == Decimal("83.325")
    assert result.final_fee == Decimal("95.82")


# --- the range over coefficients ------------------------------------------------------------------

def test_fee_range_spans_every_coefficient_from_its_minimum_to_its_maximum():
    # 22,000 × 0.8 × 0.8 = 14,080.00 ; 22,000 × 1.2 × 1.5 = 39,600.00
    lowest, highest = fee_range(rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY, SENSITIVITY]), "3000")

    assert (lowest, highest) == (Decimal("14080.00"), Decimal("39600.00"))


def test_fee_range_respects_the_minimum_fee():
    # 300 × 10 = 3,000 ; × 0.8 = 2,400 and × 1.2 = 3,600 are both below 5,000
    assert fee_range(rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY], minimum_fee=5000), "300") == (
        Decimal("5000.00"),
        Decimal("5000.00"),
    )


# --- refused input --------------------------------------------------------------------------------

def test_a_coefficient_outside_its_range_is_refused():
    with pytest.raises(FeeInputInvalid) as refused:
        calculate_fee(rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY]), "3000", {"complexity": "1.3"})

    assert str(refused.value) == "“复杂程度调整系数”须在 0.8～1.2 之间，填写的是 1.3。"
    assert refused.value.field == "complexity"


def test_a_coefficient_that_is_not_a_number_is_refused():
    with pytest.raises(FeeInputInvalid) as refused:
        calculate_fee(rule(INVESTMENT_BANDS, coefficients=[COMPLEXITY]), "3000", {"complexity": "高"})

    assert str(refused.value) == "“复杂程度调整系数”须填写数字。"


def test_an_unknown_coefficient_is_refused():
    with pytest.raises(FeeInputInvalid) as refused:
        calculate_fee(rule(INVESTMENT_BANDS), "3000", {"urgency": "1.5"})

    assert str(refused.value) == "本收费标准没有调整系数“urgency”。"


@pytest.mark.parametrize("quantity", ["abc", "", None, "NaN", "Infinity", "1e", True])
def test_a_quantity_that_is_not_a_number_is_refused(quantity):
    with pytest.raises(FeeInputInvalid) as refused:
        calculate_fee(rule(INVESTMENT_BANDS), quantity)

    assert str(refused.value) == "请填写数字形式的计费数量，例如 3000 或 125.5。"
    assert refused.value.field == "quantity"


def test_a_negative_quantity_is_refused():
    with pytest.raises(FeeInputInvalid) as refused:
        calculate_fee(rule(INVESTMENT_BANDS), "-1")

    assert str(refused.value) == "计费数量不能为负数。"


def test_a_quantity_beyond_a_closed_last_band_is_refused():
    closed = [{"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"}]

    with pytest.raises(FeeInputInvalid) as refused:
        calculate_fee(rule(closed), "1200")

    assert str(refused.value) == "计费数量 1200 超出本标准最高一档的上限 1000，本标准不适用。"


# --- validation of a rule ---------------------------------------------------------------------------

def refused_messages(**parts):
    arguments = {"mode": "progressive", "bands": INVESTMENT_BANDS, "coefficients": [], **parts}
    with pytest.raises(FeeRuleInvalid) as refused:
        validate_rule(**arguments)
    return refused.value.errors


def test_bands_with_a_gap_are_refused():
    errors = refused_messages(bands=[
        {"lower": "0", "upper": "1000", "rate": "10"},
        {"lower": "1500", "upper": None, "rate": "6"},
    ])

    assert errors == {"bands": ["第2档下限 1500 与第1档上限 1000 不衔接，档次之间不能有空档。"]}


def test_overlapping_bands_are_refused():
    errors = refused_messages(bands=[
        {"lower": "0", "upper": "1000", "rate": "10"},
        {"lower": "800", "upper": None, "rate": "6"},
    ])

    assert errors == {"bands": ["第2档下限 800 小于第1档上限 1000，档次之间不能重叠。"]}


def test_only_the_last_band_may_be_open():
    errors = refused_messages(bands=[
        {"lower": "0", "upper": None, "rate": "10"},
        {"lower": "1000", "upper": None, "rate": "6"},
    ])

    assert errors == {"bands": ["只有最后一档可以不设上限，第1档缺少上限。"]}


def test_a_band_must_be_wider_than_nothing():
    errors = refused_messages(bands=[
        {"lower": "0", "upper": "1000", "rate": "10"},
        {"lower": "1000", "upper": "1000", "rate": "6"},
        {"lower": "1000", "upper": None, "rate": "3"},
    ])

    assert errors == {"bands": ["第2档上限 1000 必须大于下限 1000。"]}


def test_negative_rates_fixed_parts_and_lower_bounds_are_refused():
    errors = refused_messages(bands=[
        {"lower": "-10", "upper": "1000", "rate": "10"},
        {"lower": "1000", "upper": None, "rate": "-6", "fixed": "-1"},
    ])

    assert errors == {"bands": [
        "第1档下限不能为负数。",
        "第2档费率不能为负数。",
        "第2档固定费用不能为负数。",
    ]}


def test_bands_missing_or_not_numbers_are_refused():
    assert refused_messages(bands=[]) == {"bands": ["至少需要一个计费档次。"]}
    assert refused_messages(bands=[{"lower": "零", "upper": None, "rate": "10"}]) == {
        "bands": ["第1档下限不是有效的数字。"]
    }
    assert refused_messages(bands=[{"lower": "0", "upper": None, "rate": ""}]) == {
        "bands": ["第1档缺少费率（没有按量计费的部分请填 0）。"]
    }


def test_a_coefficient_whose_minimum_exceeds_its_maximum_is_refused():
    errors = refused_messages(coefficients=[{**COMPLEXITY, "min": "1.2", "max": "0.8"}])

    assert errors == {"coefficients": ["调整系数“复杂程度调整系数”的下限 1.2 大于上限 0.8。"]}


def test_a_coefficient_default_outside_its_range_is_refused():
    errors = refused_messages(coefficients=[{**COMPLEXITY, "default": "1.5"}])

    assert errors == {"coefficients": ["调整系数“复杂程度调整系数”的默认值 1.5 不在 0.8～1.2 之间。"]}


def test_a_coefficient_must_be_positive_and_its_key_unique():
    assert refused_messages(coefficients=[{**COMPLEXITY, "min": "0"}]) == {
        "coefficients": ["调整系数“复杂程度调整系数”的下限须大于 0。"]
    }
    assert refused_messages(coefficients=[COMPLEXITY, {**SENSITIVITY, "key": "complexity"}]) == {
        "coefficients": ["调整系数代码“complexity”重复。"]
    }


def test_a_minimum_fee_above_the_maximum_fee_is_refused():
    errors = refused_messages(minimum_fee="5000", maximum_fee="3000")

    assert errors == {"maximum_fee": ["最低收费 5000 元高于最高收费 3000 元。"]}


def test_a_valid_rule_is_returned_in_canonical_form():
    clean = validate_rule(
        mode="band",
        bands=[{"lower": 0, "upper": "1000.00", "rate": Decimal("10.50")}, {"lower": "1000", "upper": "", "rate": "3"}],
        coefficients=[COMPLEXITY],
        minimum_fee="",
        maximum_fee=Decimal("90000.00"),
    )

    assert clean.bands_json == [
        {"lower": "0", "upper": "1000", "rate": "10.5", "fixed": "0"},
        {"lower": "1000", "upper": None, "rate": "3", "fixed": "0"},
    ]
    # numbers are stored without trailing zeros: "1.0" → "1"
    assert clean.coefficients_json == [{**COMPLEXITY, "default": "1"}]
    assert (clean.minimum_fee, clean.maximum_fee) == (None, Decimal("90000.00"))
