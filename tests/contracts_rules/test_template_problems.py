"""What keeps a model contract from being published: a missing mandatory clause, a breach clause
set binding one side only, an unknown field, an empty or unknown clause, an unfair clause."""
import copy

import pytest

from contracts.clauses import liable_sides, template_problems
from contracts.fields import ClauseKind
from core.demo.contract_templates import TEMPLATES

GENERAL = next(t for t in TEMPLATES if t["code"] == "ZJ-HT-TY")["clauses"]


def general():
    return copy.deepcopy(GENERAL)


def with_text(kind, text):
    """The general template with every clause of `kind` replaced by one clause of `text`."""
    clauses = [c for c in general() if c["kind"] != kind]
    clauses.insert(9, {"kind": kind, "title": "违约责任" if kind == ClauseKind.BREACH else "条款", "text": text})
    return clauses


def messages(problems):
    return [str(p) for p in problems]


def test_the_general_template_is_sound():
    assert template_problems(general()) == []


@pytest.mark.parametrize("kind, label", [
    (ClauseKind.BREACH, "违约责任"), (ClauseKind.DISPUTE, "争议解决"),
    (ClauseKind.ACCEPTANCE, "验收"), (ClauseKind.CONFIDENTIALITY, "保密"),
])
def test_each_missing_mandatory_kind_is_named(kind, label):
    clauses = [c for c in general() if c["kind"] != kind]
    (problem,) = template_problems(clauses)
    assert str(problem) == f"缺少“{label}”条款：示范文本必须至少有一条{label}条款。"
    assert problem.clause_number is None and problem.quote == ""


def test_an_empty_template_misses_every_mandatory_kind():
    assert messages(template_problems([])) == [
        f"缺少“{label}”条款：示范文本必须至少有一条{label}条款。" for label in ("验收", "违约责任", "争议解决", "保密")]


@pytest.mark.parametrize("text, side, other", [
    ("乙方逾期提交成果的，每逾期一日，应按合同价款的千分之一向甲方支付违约金，总额不超过合同价款的百分之十。"
     "乙方成果不合格的，应赔偿甲方因此受到的损失，以合同价款为限。", "乙方", "甲方"),
    ("因乙方原因造成甲方损失的，乙方应予赔偿，赔偿总额不超过合同价款。", "乙方", "甲方"),
    ("甲方逾期付款的，每逾期一日，按逾期金额的千分之一向乙方支付违约金，"
     "总额不超过合同价款的百分之十。", "甲方", "乙方"),
])
def test_a_breach_clause_binding_one_side_only_is_refused(text, side, other):
    (problem,) = template_problems(with_text(ClauseKind.BREACH, text))
    assert problem.clause_number == 10 and problem.quote == "违约责任"
    assert str(problem).startswith(f"第 10 条“违约责任”：违约责任条款只约束{side}，未约定{other}的违约责任")


def test_a_breach_clause_binding_nobody_is_refused():
    (problem,) = template_problems(with_text(ClauseKind.BREACH, "双方应当诚信履约。"))
    assert "违约责任条款未约定甲方或乙方承担的违约金、赔偿等责任" in str(problem)


@pytest.mark.parametrize("text", [
    "（一）甲方逾期付款的，每逾期一日，甲方应按逾期金额的千分之一向乙方支付违约金，总额不超过合同价款的百分之十。\n"
    "（二）乙方逾期交付的，每逾期一日，乙方应按合同价款的千分之一向甲方支付违约金，总额不超过合同价款的百分之十。",
    "甲方逾期付款的，应向乙方偿付逾期利息；乙方逾期交付的，由乙方承担违约金，总额不超过合同价款的百分之五。",
    "任何一方违约的，违约方应赔偿守约方的实际损失，赔偿总额以合同价款为限。",
])
def test_a_breach_clause_binding_both_sides_passes(text):
    assert template_problems(with_text(ClauseKind.BREACH, text)) == []


def test_breach_clauses_are_judged_together():
    clauses = general()
    at = next(n for n, c in enumerate(clauses) if c["kind"] == ClauseKind.BREACH)
    clauses[at:at + 1] = [
        {"kind": ClauseKind.BREACH, "title": "甲方违约责任",
         "text": "甲方逾期付款的，应按日支付逾期金额千分之一的违约金，总额不超过合同价款的百分之十。"},
        {"kind": ClauseKind.BREACH, "title": "乙方违约责任",
         "text": "乙方逾期交付的，应按日支付合同价款千分之一的违约金，总额不超过合同价款的百分之十。"},
    ]
    assert template_problems(clauses) == []
    assert liable_sides([clauses[at]["text"]]) == {"甲方"}


@pytest.mark.parametrize("kind, text, reason", [
    (ClauseKind.BREACH, "甲方逾期付款的，应向乙方支付违约金。乙方逾期的，违约金按日加倍计算，且不设上限。",
     "违约金或赔偿责任不设上限"),
    (ClauseKind.PAYMENT, "合同价款按{{milestones}}支付。甲方有权暂扣乙方服务费，且无需说明理由。", "甲方可不说明理由"),
    (ClauseKind.DISPUTE, "发生争议的，双方协商解决。乙方自愿放弃诉讼权利。", "要求一方放弃诉讼、仲裁或其他法律救济"),
    (ClauseKind.TERMINATION, "经双方协商一致，可以解除本合同。甲方可随时解除合同且不承担任何责任。",
     "一方可随时、无条件解除合同且不承担任何责任"),
])
def test_an_unfair_clause_is_refused_with_its_quote(kind, text, reason):
    clauses = general()
    number = next(n for n, c in enumerate(clauses, start=1) if c["kind"] == kind)
    clauses[number - 1]["text"] = text
    problems = template_problems(clauses)
    assert len(problems) == 1, messages(problems)
    unfair = text.split("。")[1]
    assert problems[0].clause_number == number and problems[0].quote == unfair
    assert str(problems[0]).startswith(f"第 {number} 条“{unfair}”：{reason}")


def test_an_unknown_field_is_refused():
    clauses = general()
    clauses[4]["text"] += "\n服务费标准：{{fee_standard}}；{{ Price }}。"
    problems = template_problems(clauses)
    assert [(p.clause_number, p.quote) for p in problems] == [(5, "{{fee_standard}}"), (5, "{{ Price }}")]
    assert str(problems[0]).startswith("第 5 条“{{fee_standard}}”：未知的填写项“fee_standard”；"
                                       "填写项只能是：owner_name、")


@pytest.mark.parametrize("text", ["合同价款为{{price}元。", "合同价款为{price}}元。", "合同价款为{{price元。"])
def test_malformed_braces_are_refused(text):
    clauses = general()
    clauses[4]["text"] = text
    (problem,) = template_problems(clauses)
    assert problem.clause_number == 5 and "花括号不成对" in str(problem)


def test_well_formed_fields_with_spaces_pass():
    clauses = general()
    clauses[4]["text"] = clauses[4]["text"].replace("{{price}}", "{{ price }}")
    assert template_problems(clauses) == []


def test_empty_and_unknown_clauses_are_refused():
    clauses = general() + [
        {"kind": ClauseKind.GENERAL, "title": " ", "text": "补充约定。"},
        {"kind": ClauseKind.GENERAL, "title": "附则", "text": "  "},
        {"kind": "penalty", "title": "罚则", "text": "按国家规定执行。"},
    ]
    assert messages(template_problems(clauses)) == [
        "第 17 条：条款标题不能为空。",
        "第 18 条“附则”：条文不能为空。",
        "第 19 条“罚则”：未知的条款类型“penalty”。",
    ]
