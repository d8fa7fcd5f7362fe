"""Model contracts: kept by the regulators of their category, published only with the mandatory
clauses and without unfair ones (each refusal quoting the clause), never changed once published."""
import pytest

from audit.models import AuditEntry
from contracts.errors import RegulatorOnly, TemplateProblems, TemplateVersionPublished
from contracts.models import TemplateVersion
from contracts.services import templates
from core.demo.contract_templates import TEMPLATES
from tests.factories import RegulatorFactory, ServiceCategoryFactory, ServiceItemFactory, UserFactory

pytestmark = pytest.mark.django_db
GOOD = next(t for t in TEMPLATES if t["code"] == "ZJ-HT-TY")["clauses"]


@pytest.fixture
def category():
    return ServiceCategoryFactory()


@pytest.fixture
def keeper(category):
    return RegulatorFactory(categories=[category]).user


def draft(keeper, category, clauses):
    template = templates.template_create(actor=keeper, code="HT-TEST", title="测试示范文本", category=category)
    return templates.template_version_save(actor=keeper, template=template, clauses_list=clauses)


def test_a_complete_fair_template_is_published_and_then_frozen(keeper, category):
    version = templates.template_publish(actor=keeper, version=draft(keeper, category, GOOD))
    assert version.status == TemplateVersion.Status.PUBLISHED and version.published_at
    with pytest.raises(TemplateVersionPublished):
        templates.template_publish(actor=keeper, version=version)
    changed = templates.template_version_save(actor=keeper, template=version.template, clauses_list=GOOD[1:])
    assert changed.number == 2 and TemplateVersion.objects.get(pk=version.pk).clauses == GOOD


@pytest.mark.parametrize("kind,label", [("breach", "违约责任"), ("dispute", "争议解决"), ("acceptance", "验收"),
                                        ("confidentiality", "保密")])
def test_a_missing_mandatory_clause_is_named(keeper, category, kind, label):
    version = draft(keeper, category, [c for c in GOOD if c["kind"] != kind])
    entries = AuditEntry.objects.count()
    with pytest.raises(TemplateProblems) as refused:
        templates.template_publish(actor=keeper, version=version)
    assert any(label in str(problem) for problem in refused.value.problems)
    assert TemplateVersion.objects.get(pk=version.pk).status == TemplateVersion.Status.DRAFT
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("clause", [
    "乙方逾期交付的，每日按合同价款的百分之一支付违约金，违约金不设上限。",
    "甲方有权视情况暂扣或拒付服务费，无需说明理由。",
    "乙方自愿放弃向人民法院提起诉讼的权利。",
])
def test_an_unfair_clause_is_refused_with_the_clause_quoted(keeper, category, clause):
    version = draft(keeper, category, GOOD + [{"kind": "special", "title": "补充约定", "text": clause}])
    with pytest.raises(TemplateProblems) as refused:
        templates.template_publish(actor=keeper, version=version)
    assert any(clause.rstrip("。")[:12] in str(problem) for problem in refused.value.problems)


def test_only_the_regulators_of_the_category_keep_it(keeper, category):
    other = RegulatorFactory(categories=[ServiceCategoryFactory()]).user
    for user in (other, UserFactory()):
        with pytest.raises(RegulatorOnly):
            templates.template_create(actor=user, code="HT-X", title="x", category=category)
        with pytest.raises(RegulatorOnly):
            templates.template_create(actor=user, code="HT-Y", title="y", item=ServiceItemFactory(category=category))
    version = draft(keeper, category, GOOD)
    with pytest.raises(RegulatorOnly):
        templates.template_publish(actor=other, version=version)
    assert TemplateVersion.objects.get(pk=version.pk).status == TemplateVersion.Status.DRAFT
