"""item_create: a regulator adds a service item to the catalogue, as a first public version.
Each refusal names its error, shows its message and writes nothing (no item, no version, no
audit entry)."""
import pytest

from audit.actions import Action
from audit.models import AuditEntry
from marketplace import errors
from marketplace.models import ServiceItem
from marketplace.services.catalogue import item_create
from tests.factories import FeeRuleFactory, UserFactory
from tests.marketplace.conftest import EFFECTIVE

pytestmark = pytest.mark.django_db


def create(regulator, data, reason="依据省政府清单新增"):
    return item_create(actor=regulator.user, data=data, effective_from=EFFECTIVE, reason=reason)


def _nothing_written():
    assert not ServiceItem.objects.exists()
    assert not ServiceItem.history.exists()
    assert not AuditEntry.objects.exists()


def test_a_duplicate_code_is_refused_with_a_clear_message_and_nothing_written(regulator, item, item_data):
    with pytest.raises(errors.DuplicateItemCode) as refused:
        create(regulator, {**item_data, "code": "zj-0001"})
    assert refused.value.field == "code"
    assert str(refused.value) == "事项编码“ZJ-0001”已被事项“环境影响评价报告书编制”使用，请换一个编码。"
    assert ServiceItem.objects.count() == 1
    assert ServiceItem.history.count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("days", [0, -3])
def test_statutory_days_must_be_positive(regulator, item_data, days):
    with pytest.raises(errors.StatutoryDaysInvalid) as refused:
        create(regulator, {**item_data, "statutory_days": days})
    assert refused.value.field == "statutory_days"
    assert str(refused.value) == "法定服务时限须为大于 0 的工作日数。"
    _nothing_written()


@pytest.mark.parametrize("code", ["", "-abc", "编码", "A" * 31])
def test_a_code_must_be_short_letters_and_digits(regulator, item_data, code):
    with pytest.raises(errors.ItemCodeInvalid) as refused:
        create(regulator, {**item_data, "code": code})
    assert refused.value.field == "code"
    assert str(refused.value) == "事项编码只能由字母、数字、“-”“_”“.”组成，以字母或数字开头，最长 30 位。"
    _nothing_written()


def test_a_required_text_left_blank_is_refused_beside_it(regulator, item_data):
    with pytest.raises(errors.FieldRequired) as refused:
        create(regulator, {**item_data, "legal_basis": "  "})
    assert (refused.value.field, str(refused.value)) == ("legal_basis", "此项必填。")
    _nothing_written()


def test_a_regulator_may_not_file_an_item_under_a_category_it_does_not_supervise(
    regulator, other_category, item_data
):
    with pytest.raises(errors.CategoryNotSupervised) as refused:
        create(regulator, {**item_data, "category": other_category})
    assert refused.value.field == "category"
    assert str(refused.value) == "您只能把事项放入您监管的类别。"
    _nothing_written()


def test_a_user_who_is_not_a_regulator_cannot_create(item_data):
    with pytest.raises(errors.NotACatalogueRegulator) as refused:
        item_create(actor=UserFactory(), data=item_data, effective_from=EFFECTIVE, reason="x")
    assert str(refused.value) == "只有在岗的监管人员可以维护服务事项清单。"
    _nothing_written()


def test_a_reason_is_required(regulator, item_data):
    with pytest.raises(errors.ChangeReasonRequired) as refused:
        create(regulator, item_data, reason="  ")
    assert (refused.value.field, str(refused.value)) == ("reason", "请填写变更原因。")
    _nothing_written()


def test_an_effective_date_is_required(regulator, item_data):
    with pytest.raises(errors.EffectiveDateRequired) as refused:
        item_create(actor=regulator.user, data=item_data, effective_from=None, reason="新增")
    assert (refused.value.field, str(refused.value)) == ("effective_from", "请填写生效日期。")
    _nothing_written()


def test_a_market_priced_item_enters_the_catalogue_as_one_version_with_an_audit_entry(
    regulator, item_data, qualifications
):
    item = create(regulator, {**item_data, "required_qualifications": qualifications})

    assert item.is_active
    assert {q.code for q in item.required_qualifications.all()} == {"eia", "survey"}
    (version,) = item.history.all()
    assert version.history_type == "+"
    assert version.history_user == regulator.user
    assert version.effective_from == EFFECTIVE
    assert version.history_change_reason == "依据省政府清单新增"
    entry = AuditEntry.objects.get(action=Action.CATALOGUE_ITEM_CREATE)
    assert entry.after["required_qualifications"] == ["eia", "survey"]
    assert entry.after["effective_from"] == "2025-07-01"


def test_a_government_priced_item_waits_outside_the_catalogue_for_its_fee_rule(regulator, item_data):
    item = create(regulator, {**item_data, "fee_type": ServiceItem.FeeType.GOVERNMENT})
    assert item.is_active is False


def test_two_items_may_not_share_a_code_even_when_the_check_is_raced(regulator, item, item_data, monkeypatch):
    # Simulate the race: the early check sees no duplicate, the unique index still refuses.
    from marketplace.services import catalogue

    monkeypatch.setattr(catalogue.ServiceItem.objects, "filter", lambda **kw: ServiceItem.objects.none())
    with pytest.raises(errors.DuplicateItemCode) as refused:
        create(regulator, {**item_data, "code": "ZJ-0001"})
    assert refused.value.field == "code"
    assert str(refused.value) == "该事项编码已被使用，请换一个编码。"
    monkeypatch.undo()
    assert ServiceItem.objects.count() == 1
    assert ServiceItem.history.count() == 1
    assert not AuditEntry.objects.exists()


def test_fee_rule_factory_item_is_government_priced():
    # Guards the fixture the publish tests rely on.
    assert FeeRuleFactory().item.is_government_priced
