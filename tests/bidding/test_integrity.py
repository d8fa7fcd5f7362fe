"""Announcement text that restricts who may bid is refused, quoting the phrase and the rule."""
import pytest

from bidding.integrity import find_violations


@pytest.mark.parametrize(
    "text, phrase, rule_word",
    [
        ("投标人须为本地注册企业。", "本地注册企业", "区域性"),
        ("须在本市设立分支机构。", "须在本市设立分支机构", "区域性"),
        ("注册地须在德阳市。", "注册地须在德阳市", "区域性"),
        ("仅限本省区域内机构参与。", "仅限本省区域内机构参与", "区域性"),
        ("限水利行业单位报名", "限水利行业单位报名", "行业性"),
        ("须为主管部门推荐的机构", "主管部门推荐的机构", "行业性"),
        ("须为入库名单内机构", "入库名单内机构", "数量限额"),
        ("由审批部门指定的机构承担", "由审批部门指定的机构承担", "指定"),
    ],
)
def test_restrictive_phrases_are_found_and_quoted(text, phrase, rule_word):
    violations = find_violations(text)
    assert violations, text
    assert phrase in violations[0].phrase or violations[0].phrase in phrase
    assert rule_word in violations[0].rule
    assert violations[0].phrase in str(violations[0].message)


@pytest.mark.parametrize(
    "text",
    [
        "具有测绘资质乙级及以上，服务期限30个工作日。",
        "编制水土保持方案报告书，成果须通过专家评审。",
        "报价含税，按合同约定分两期支付。",
        "",
    ],
)
def test_ordinary_requirements_pass(text):
    assert find_violations(text) == []


def test_each_phrase_is_reported_once_in_reading_order():
    violations = find_violations("须为本地注册企业，且为入库名单内机构。")
    assert [v.rule[:6] for v in violations] == [violations[0].rule[:6], violations[1].rule[:6]]
    assert "本地注册" in violations[0].phrase and "入库名单" in violations[1].phrase
