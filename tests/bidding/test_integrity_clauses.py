"""Real-looking clauses of announcements against the shipped pattern table (migration 0007):
half are ordinary requirements that must pass, half are restrictions (some disguised) that must
be refused, each quoting the clause and the rule it breaks.

The item these clauses are written for requires two qualifications by law, 环境影响评价资质
and 测绘资质乙级: writing those out is allowed, any other qualification, grade or certificate
is not."""
import pytest

from bidding.integrity import RULES, find_violations
from tests.factories import QualificationTypeFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

ALLOWED = [
    "项目位于德阳市旌阳区，需现场踏勘",
    "须具有环境影响评价资质（法定）",
    "服务地点：德阳市",
    "报告须符合四川省地方标准",
    "编制建设项目环境影响报告表并取得批复",
    "具有测绘资质乙级及以上",
    "成果须通过专家评审",
    "报价含税，按合同约定分两期支付",
    "项目负责人须具有3年以上相关工作经验",
    "具有独立法人资格",
    "须具有相应资质",
    "服务期限30个工作日",
    "须在报名截止前提交服务方案",
    "中选机构须在接到通知后5个工作日内进场",
    "项目实施期间须派员驻场服务",
    "须配备不少于3名专业技术人员",
    "成果按业主指定的格式提交纸质版和电子版",
    "须在指定时间内提交补充材料",
    "测绘成果数据须入库归档",
    "项目已在德阳市发展和改革局备案",
    "委托单位：德阳市旌阳区人民政府办公室",
    "参照德阳市同类项目收费标准报价",
    "须对一级公路沿线进行现场踏勘",
    "项目为德阳市某一级公路改建工程",
    "须提供有效的营业执照副本",
    "须具有类似项目业绩",
    "中国移动德阳分公司基站建设项目",
    "需组织技术人员赴德阳现场踏勘",
    "报告须满足四川省环境保护条例要求",
    "服务期限内完成德阳市各单位的调查",
    "回避名单内的机构不得报名",
    "调查范围为旌阳区辖区内的全部地块",
    "须按照国家和四川省有关规定编制",
    "成都市及周边区域的监测数据可作为参考",
    "项目所在地：四川省德阳市广汉市",
    "须提供近三个月社保缴纳证明",
    "须在德阳市范围内开展现场调查",
    "报名机构须在中介超市平台注册并完善机构信息",
    "中选机构须按四川省有关规定办理相关手续",
    "成果须报德阳市生态环境局审批",
    "本项目不接受联合体报名",
]

# (clause, the kind of restriction it is)
REFUSED = [
    ("须在德阳有办公场所", "regional"),
    ("须具有省级主管部门颁发的甲级资质", "qualification"),
    ("投标人须为本地注册企业", "regional"),
    ("须在本市设立分支机构", "regional"),
    ("注册地须在德阳市", "regional"),
    ("仅限本省区域内机构参与", "regional"),
    ("项目负责人须常驻德阳", "regional"),
    ("须提供近6个月在四川省缴纳的社保证明", "regional"),
    ("本地注册企业优先", "regional"),
    ("须在旌阳区设有固定办公场所", "regional"),
    ("办公场所须位于旌阳区内", "regional"),
    ("外地企业不得参与", "regional"),
    ("须在德阳市住建局备案", "regional"),
    ("要求在四川境内设立分公司", "regional"),
    ("技术人员须在当地缴纳社保", "regional"),
    ("限水利行业单位报名", "industry"),
    ("须为本系统内机构", "industry"),
    ("须为水利局下属单位", "industry"),
    ("须为德阳市工程咨询协会会员单位", "industry"),
    ("须为入库名单内机构", "quota"),
    ("须为已入库机构", "quota"),
    ("须为德阳市中介服务机构名录内机构", "quota"),
    ("仅限备选库中的机构报名", "quota"),
    ("限3家机构报名", "quota"),
    ("由审批部门指定的机构承担", "designation"),
    ("须为主管部门推荐的机构", "designation"),
    ("须具有德阳市同类项目业绩", "performance"),
    ("近三年承担过德阳市政府投资项目", "performance"),
    ("须承担过本部门项目", "performance"),
    ("须具有测绘资质甲级", "qualification"),
    ("须为甲级资质单位", "qualification"),
    ("须通过ISO9001质量管理体系认证", "qualification"),
    ("项目负责人须持有注册造价工程师证书", "qualification"),
    ("资质要求：工程咨询甲级", "qualification"),
    ("德阳市内有办公场所的机构方可报名", "regional"),
    ("须为中介库内机构", "quota"),
    ("须在成都或德阳设有服务网点", "regional"),
    ("项目组成员须有3人以上在德阳市缴纳社保", "regional"),
    ("须具备工程咨询单位乙级资信", "qualification"),
    ("须为市政府采购中心入围的中介机构", "quota"),
    ("须在德阳本地有常驻技术人员不少于5人", "regional"),
    ("年度内已承接本部门项目的机构不得报名", "performance"),
]


@pytest.fixture
def law_required():
    item = ServiceItemFactory()
    item.required_qualifications.set([
        QualificationTypeFactory(code="eia", name="环境影响评价资质"),
        QualificationTypeFactory(code="surveying-b", name="测绘资质乙级"),
    ])
    return [q.name for q in item.required_qualifications.all()]


def test_there_are_enough_clauses_on_both_sides():
    assert len(ALLOWED) >= 30 and len(REFUSED) >= 30
    assert len(set(ALLOWED)) == len(ALLOWED) and len({c for c, _k in REFUSED}) == len(REFUSED)


@pytest.mark.parametrize("clause", ALLOWED)
def test_an_ordinary_clause_is_allowed(clause, law_required):
    assert find_violations(clause + "。", law_required=law_required) == []


@pytest.mark.parametrize("clause, kind", REFUSED)
def test_a_restricting_clause_is_refused_quoting_it_and_the_rule(clause, kind, law_required):
    [violation] = find_violations(clause + "。", law_required=law_required)
    assert violation.phrase == clause
    assert violation.kind == kind
    assert violation.rule == str(RULES[kind])
    assert str(violation.message) == f"“{clause}”：{RULES[kind]}"


def test_a_law_required_qualification_is_refused_for_an_item_that_does_not_require_it():
    [violation] = find_violations("须具有环境影响评价资质（法定）。", law_required=["测绘资质乙级"])
    assert violation.kind == "qualification"
    assert violation.phrase == "须具有环境影响评价资质（法定）"


def test_a_higher_grade_than_the_law_requires_is_refused(law_required):
    [violation] = find_violations("须具有测绘资质甲级。", law_required=law_required)
    assert violation.kind == "qualification"


def test_clauses_are_judged_apart_and_reported_in_reading_order(law_required):
    text = ("项目位于德阳市旌阳区，需现场踏勘；须在德阳有办公场所。"
            "报告须符合四川省地方标准，须具有省级主管部门颁发的甲级资质。")
    violations = find_violations(text, law_required=law_required)
    assert [(v.phrase, v.kind) for v in violations] == [
        ("须在德阳有办公场所", "regional"),
        ("须具有省级主管部门颁发的甲级资质", "qualification"),
    ]


def test_one_clause_breaking_two_rules_reports_both(law_required):
    violations = find_violations("须在德阳设有办公场所并具有甲级资质。", law_required=law_required)
    assert {v.kind for v in violations} == {"regional", "qualification"}
    assert {v.phrase for v in violations} == {"须在德阳设有办公场所并具有甲级资质"}


def test_enumerators_are_not_part_of_the_quote(law_required):
    [violation] = find_violations("（3）须在本市设立分支机构；", law_required=law_required)
    assert violation.phrase == "须在本市设立分支机构"
