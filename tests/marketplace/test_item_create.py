"""item_create: a regulator adds a service item to the catalogue, as a first public version."""
import pytest

from audit.models import AuditEntry
from core.errors import DomainError, NotAllowed
from marketplace.models import ServiceItem
from marketplace.services.catalogue import item_create
from tests.factories import FeeRuleFactory, UserFactory
from tests.marketplace.conftest import EFFECTIVE

pytestmark = pytest.mark.django_db


def create(regulator, data, reason="依据省政府清单新增"):
    return item_create(actor=regulator.user, data=data, effective_from=EFFECTIVE, reason=reason)


def test_a_duplicate_code_is_refused_with_a_clear_message_and_nothing_written(regulator, item, item_data):
    with pytest.raises(DomainError) as refused:
        create(regulator, {**item_data, "code": "zj-0001"})
    assert refused.value.field == "code"
    assert str(refused.value) == "事项编码“ZJ-0001”已被事项“环境影响评价报告书编制”使用，请换一个编码。"
    assert ServiceItem.objects.count() == 1
    assert ServiceItem.history.count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("days", [0, -3])
def test_statutory_days_must_be_positive(regulator, item_data, days):
    with pytest.raises(DomainError) as refused:
        create(regulator, {**item_data, "statutory_days": days})
    assert refused.value.field == "statutory_days"
    assert not ServiceItem.objects.exists()


def test_a_regulator_may_not_file_an_item_under_a_category_it_does_not_supervise(
    regulator, other_category, item_data
):
    with pytest.raises(NotAllowed) as refused:
        create(regulator, {**item_data, "category": other_category})
    assert refused.value.field == "category"
    assert not ServiceItem.objects.exists()


def test_a_user_who_is_not_a_regulator_cannot_create(item_data):
    with pytest.raises(NotAllowed):
        item_create(actor=UserFactory(), data=item_data, effective_from=EFFECTIVE, reason="x")
    assert not ServiceItem.objects.exists()


def test_a_reason_is_required(regulator, item_data):
    with pytest.raises(DomainError) as refused:
        create(regulator, item_data, reason="  ")
    assert refused.value.field == "reason"
    assert not ServiceItem.objects.exists()


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
    entry = AuditEntry.objects.get(action="catalogue.item_create")
    assert entry.after["required_qualifications"] == ["eia", "survey"]
    assert entry.after["effective_from"] == "2025-07-01"


def test_a_government_priced_item_waits_outside_the_catalogue_for_its_fee_rule(regulator, item_data):
    item = create(regulator, {**item_data, "fee_type": ServiceItem.FeeType.GOVERNMENT})
    assert item.is_active is False


def test_two_items_may_not_share_a_code_even_when_the_check_is_raced(regulator, item, item_data, monkeypatch):
    # Simulate the race: the early check sees no duplicate, the unique index still refuses.
    from marketplace.services import catalogue

    monkeypatch.setattr(catalogue.ServiceItem.objects, "filter", lambda **kw: ServiceItem.objects.none())
    with pytest.raises(DomainError) as refused:
        create(regulator, {**item_data, "code": "ZJ-0001"})
    assert refused.value.field == "code"
    monkeypatch.undo()
    assert ServiceItem.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_fee_rule_factory_item_is_government_priced():
    # Guards the fixture the publish tests rely on.
    assert FeeRuleFactory().item.fee_type == ServiceItem.FeeType.GOVERNMENT
