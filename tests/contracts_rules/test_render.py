"""The exact text of a contract, which the parties sign by its SHA-256: numbered clauses, fields
filled in, the same bytes every time."""
import hashlib
import unicodedata

import pytest

from contracts.clauses import chinese_number, fields_used, render_text, text_hash
from contracts.fields import FIELDS, ClauseKind
from core.demo.contract_templates import TEMPLATES

CLAUSES = [
    {"kind": ClauseKind.GENERAL, "title": "合同当事人", "text": "甲方：{{owner_name}}\n乙方：{{agency_name}}"},
    {"kind": ClauseKind.PRICE, "title": "合同价款", "text": "合同价款为人民币{{price}}元。"},
    {"kind": ClauseKind.PAYMENT, "title": "支付方式", "text": "按以下节点支付：\n{{milestones}}\n验收合格后结算。"},
]
VALUES = {"owner_name": "德阳市旌阳区交通运输局", "agency_name": "四川蜀清环境咨询有限公司", "price": "36000.00",
          "milestones": "1. 送审稿：18000.00 元\n2. 报批稿：18000.00 元"}


def test_the_text_has_a_title_and_numbered_clauses_with_values():
    assert render_text("技术服务合同（HT20250000001-1）", CLAUSES, VALUES) == (
        "技术服务合同（HT20250000001-1）\n"
        "\n"
        "第一条 合同当事人\n"
        "甲方：德阳市旌阳区交通运输局\n"
        "乙方：四川蜀清环境咨询有限公司\n"
        "\n"
        "第二条 合同价款\n"
        "合同价款为人民币36000.00元。\n"
        "\n"
        "第三条 支付方式\n"
        "按以下节点支付：\n"
        "1. 送审稿：18000.00 元\n"
        "2. 报批稿：18000.00 元\n"
        "验收合格后结算。\n"
    )


def test_a_missing_or_blank_value_renders_as_a_blank_line():
    text = render_text("合同", CLAUSES, {"owner_name": "  ", "price": None})
    assert "甲方：＿＿＿＿\n乙方：＿＿＿＿" in text
    assert "人民币＿＿＿＿元" in text and "{{" not in text


@pytest.mark.parametrize("n, numeral", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (16, "十六"), (20, "二十"), (21, "二十一"), (99, "九十九"),
    (100, "一百"), (101, "一百零一"), (110, "一百一十"), (115, "一百一十五"), (120, "一百二十"),
])
def test_chinese_numerals(n, numeral):
    assert chinese_number(n) == numeral


def test_clauses_beyond_ten_are_numbered_in_chinese():
    clauses = [{"kind": ClauseKind.GENERAL, "title": f"条款{n}", "text": "内容。"} for n in range(1, 17)]
    text = render_text("合同", clauses, {})
    for heading in ("第一条 条款1\n", "第十条 条款10\n", "第十一条 条款11\n", "第十六条 条款16\n"):
        assert heading in text


def test_the_text_is_normalised():
    decomposed = unicodedata.normalize("NFD", "Café")
    text = "第一行  \r\n第二行\t\r第三行 {{special_terms}}\n\n"
    clauses = [{"kind": ClauseKind.GENERAL, "title": "其他  ", "text": text}]
    text = render_text("  合同 \r\n", clauses, {"special_terms": decomposed + "  \r\n无 "})
    assert text == "合同\n\n第一条 其他\n第一行\n第二行\n第三行 Café\n无\n"
    assert "\r" not in text and unicodedata.is_normalized("NFC", text)
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_the_same_contract_gives_the_same_text_and_hash():
    first = render_text("合同", CLAUSES, VALUES)
    again = render_text("合同", [dict(c) for c in CLAUSES], dict(reversed(list(VALUES.items()))))
    assert first == again and text_hash(first) == text_hash(again)
    assert text_hash(first) == hashlib.sha256(first.encode("utf-8")).hexdigest()
    assert len(text_hash(first)) == 64


def test_a_changed_value_changes_the_hash():
    changed = render_text("合同", CLAUSES, {**VALUES, "price": "36000.01"})
    assert text_hash(changed) != text_hash(render_text("合同", CLAUSES, VALUES))


def test_a_value_is_not_read_as_a_field():
    text = render_text("合同", CLAUSES, {**VALUES, "owner_name": "{{price}}"})
    assert "甲方：{{price}}" in text


def test_fields_used():
    assert fields_used(CLAUSES) == {"owner_name", "agency_name", "price", "milestones"}
    assert fields_used([{"kind": "general", "title": "x", "text": "{{ price }} {{unknown}}"}]) == {"price", "unknown"}
    assert fields_used([]) == set()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["code"])
def test_a_demo_template_renders_fully_filled(template):
    values = {key: f"〔{key}〕" for key in FIELDS}
    text = render_text(template["title"], template["clauses"], values)
    assert "{{" not in text and "＿＿＿＿" not in text
    assert text.startswith(template["title"] + "\n\n第一条 合同当事人\n")
    assert f"第{chinese_number(len(template['clauses']))}条 其他" in text
