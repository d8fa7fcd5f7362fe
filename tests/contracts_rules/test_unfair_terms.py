"""霸王条款: clauses that shift all liability to one side are refused, each quoting its sentence,
in several wordings; the fair clauses a model contract is made of are not."""
import pytest

from contracts.clauses import CIVIL_CODE, PENALTY, TERMINATION, WAIVER, WITHHOLDING, unfair_kinds, unfair_terms

PENALTIES = [
    "乙方逾期交付成果的，违约金不设上限",
    "违约金按日累计，不受合同价款上限限制",
    "乙方对甲方的一切损失承担无限赔偿责任",
    "乙方应赔偿甲方的全部损失，且不以合同价款为限",
    "乙方应承担由此造成的一切损失，赔偿金额没有上限",
    "逾期的，违约金按日加倍计算",
    "每逾期一日，违约金翻倍",
    "乙方违约的，违约金成倍递增",
    "乙方违约的，应支付相当于合同价款三倍的违约金",
    "乙方违约的，违约金为合同价款的5倍",
    "乙方承担的违约责任上不封顶",
    "乙方的赔偿责任不受合同金额限制",
]

WITHHOLDINGS = [
    "甲方有权暂扣乙方服务费，且无需说明理由",
    "甲方可视情况暂停支付服务费",
    "甲方有权以任何理由拒付剩余款项",
    "业主可根据自身需要延期支付合同价款",
    "甲方有权在不说明理由的情况下扣减服务费",
    "付款时间由甲方自行决定",
    "甲方有权单方决定是否支付尾款",
    "委托方保留随时停止付款的权利",
    "甲方可以扣留部分款项作为质量保证金，无须向乙方说明原因",
    "建设单位可酌情缓付尾款",
]

WAIVERS = [
    "乙方自愿放弃诉讼权利",
    "因本合同发生的争议，乙方不得向人民法院起诉",
    "双方不得申请仲裁",
    "乙方放弃追究甲方任何责任的权利",
    "乙方自愿放弃一切法律救济",
    "乙方承诺放弃就本合同提起仲裁的权利",
    "乙方无权向甲方主张任何赔偿",
    "双方发生争议的，以甲方的意见为准",
    "本合同的最终解释权归甲方所有",
    "甲方保留对本合同的最终解释权",
]

TERMINATIONS = [
    "甲方可随时解除合同且不承担任何责任",
    "甲方有权随时单方解除本合同，无需承担任何违约责任",
    "甲方可以任意终止合同，对乙方不予任何补偿",
    "乙方可无条件解除合同，并免除其全部责任",
    "业主有权无需理由解除本合同，且不支付任何费用",
]

FAIR = [
    "逾期每日按合同价款的千分之一支付违约金，违约金总额不超过合同价款的10%",
    "甲方应在验收合格后15个工作日内支付",
    "双方均可向项目所在地人民法院提起诉讼",
    "乙方有权要求甲方说明理由",
    "甲方对成果有异议的，应书面说明理由，该节点款项暂缓支付",
    "甲方不得以任何理由拒付或者拖延支付已验收节点的款项",
    "违约方应赔偿守约方的实际损失，赔偿总额（含违约金）以合同价款为限",
    "任何一方不得要求对方放弃诉讼或仲裁的权利",
    "双方均不得放弃依法享有的诉讼权利",
    "放弃诉讼权利的约定无效",
    "本合同任何条款均不影响双方依法申请仲裁或者提起诉讼的权利",
    "协商不成的，任何一方可以向仲裁委员会申请仲裁",
    "经双方协商一致，可以解除本合同",
    "因项目依法终止致使合同目的不能实现的，双方均可书面通知对方解除本合同，双方均不承担违约责任",
    "甲方可以解除合同，但应赔偿乙方因此受到的损失",
    "乙方依法享有的诉讼权利不受任何限制",
    "乙方不得以任何名义在合同价款之外另行收取费用",
    "乙方不得转包，不得违法分包",
    "甲方逾期未作出验收决定的，视为验收合格",
]


def _refused(reason, text):
    """`text` is refused for `reason`, quoted whole, as clause 7."""
    problems = unfair_terms(text, clause_number=7)
    expected = "第 7 条“%s”：%s" % (text, reason % {"law": CIVIL_CODE})
    assert expected in [str(p) for p in problems], [str(p) for p in problems]
    assert all(p.quote == text and p.clause_number == 7 for p in problems)


@pytest.mark.parametrize("text", PENALTIES)
def test_unlimited_penalties_are_refused(text):
    assert unfair_kinds(text) == ["penalty"]
    _refused(PENALTY, text)


@pytest.mark.parametrize("text", WITHHOLDINGS)
def test_withholding_payment_without_reasons_is_refused(text):
    assert "withholding" in unfair_kinds(text)
    _refused(WITHHOLDING, text)


@pytest.mark.parametrize("text", WAIVERS)
def test_waiving_the_right_to_sue_or_arbitrate_is_refused(text):
    assert unfair_kinds(text) == ["waiver"]
    _refused(WAIVER, text)


@pytest.mark.parametrize("text", TERMINATIONS)
def test_terminating_at_will_without_liability_is_refused(text):
    assert "termination" in unfair_kinds(text)
    _refused(TERMINATION, text)


@pytest.mark.parametrize("text", FAIR)
def test_fair_clauses_pass(text):
    assert unfair_terms(text) == [], [str(p) for p in unfair_terms(text)]


def test_the_finding_quotes_its_sentence_and_clause():
    text = "乙方应按时提交成果。\n乙方逾期的，违约金不设上限；其他事项按国家规定执行。"
    (problem,) = unfair_terms(text, clause_number=10)
    assert problem.clause_number == 10
    assert problem.quote == "乙方逾期的，违约金不设上限"
    assert str(problem).startswith("第 10 条“乙方逾期的，违约金不设上限”：违约金或赔偿责任不设上限")
    assert "《民法典》第四百九十七条" in str(problem)


def test_an_enumerator_is_not_quoted():
    (problem,) = unfair_terms("（三）甲方可随时解除合同且不承担任何责任。")
    assert problem.quote == "甲方可随时解除合同且不承担任何责任"
    assert problem.clause_number is None and str(problem).startswith("“甲方可随时解除")


def test_one_sentence_of_several_kinds_is_reported_once_per_kind():
    text = "甲方可随时解除合同且不承担任何责任，乙方放弃诉讼权利"
    assert unfair_kinds(text) == ["waiver", "termination"]
    assert [p.quote for p in unfair_terms(text)] == [text, text]


def test_each_unfair_sentence_is_reported():
    text = "违约金不设上限。乙方按时交付。本合同的最终解释权归甲方"
    assert [p.quote for p in unfair_terms(text)] == ["违约金不设上限", "本合同的最终解释权归甲方"]
