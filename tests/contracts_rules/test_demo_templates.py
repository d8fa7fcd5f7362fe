"""The shipped demo model contracts are publishable: every one passes the template rules, covers
the clauses a model contract needs and marks every field a contract fills in."""
import pytest

from contracts.clauses import fields_used, template_problems
from contracts.fields import FIELDS, ClauseKind
from core.demo.catalogue import CATEGORIES
from core.demo.contract_templates import TEMPLATES

TITLES = ["合同当事人", "项目概况", "服务范围与内容", "服务期限", "合同价款", "支付方式", "双方的权利和义务",
          "成果交付", "验收", "违约责任", "保密", "知识产权", "合同解除", "争议解决", "专用条款", "其他"]


def test_the_demo_has_the_general_template_and_three_specific_ones():
    assert {t["code"]: (t["title"], t["category"], t["item"]) for t in TEMPLATES} == {
        "ZJ-HT-TY": ("行政审批中介服务合同示范文本（通用）", None, None),
        "ZJ-HT-HJ": ("建设项目环境影响评价技术服务合同示范文本", "env", None),
        "ZJ-HT-SB": ("水土保持方案编制技术服务合同示范文本", "water", None),
        "ZJ-HT-ZR": ("测绘与地质灾害评估技术服务合同示范文本", "land", None),
    }


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["code"])
def test_a_demo_template_passes_every_rule(template):
    assert [str(p) for p in template_problems(template["clauses"])] == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["code"])
def test_a_demo_template_covers_what_a_contract_needs(template):
    clauses = template["clauses"]
    assert 12 <= len(clauses) <= 16
    assert [c["title"] for c in clauses] == TITLES
    assert {c["kind"] for c in clauses} == {kind for kind, _label in ClauseKind.CHOICES}
    assert fields_used(clauses) == set(FIELDS)
    assert template["category"] in {None} | {code for code, _name, _note in CATEGORIES}
    assert template["summary"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["code"])
def test_a_demo_template_says_what_the_platform_promises(template):
    text = "\n".join(c["text"] for c in template["clauses"])
    for words in ("法定（承诺）办理时限", "不得以任何名义在合同价款之外另行收取费用", "支付至平台", "视为验收合格",
                  "书面说明理由", "不超过合同价款的百分之十", "人民法院提起诉讼", "仲裁", "网签", "SHA-256"):
        assert words in text, words


def test_the_specific_templates_differ_from_the_general_one():
    general = {c["title"]: c["text"] for c in TEMPLATES[0]["clauses"]}
    for template in TEMPLATES[1:]:
        rewritten = [c["title"] for c in template["clauses"] if c["text"] != general[c["title"]]]
        assert "服务范围与内容" in rewritten and "验收" in rewritten, template["code"]
