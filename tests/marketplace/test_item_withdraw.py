"""item_withdraw and item_publish: an item leaves or enters the catalogue; its history stays."""
import pytest

from audit.actions import Action
from audit.models import AuditEntry
from marketplace import errors
from marketplace.models import ServiceItem
from marketplace.selectors.catalogue import catalogue_items, item_history
from marketplace.services.catalogue import item_publish, item_update, item_withdraw
from tests.factories import FeeRuleFactory, ServiceItemFactory
from tests.marketplace.conftest import EFFECTIVE

pytestmark = pytest.mark.django_db


def test_withdrawing_twice_is_refused(regulator, item):
    item_withdraw(actor=regulator.user, item=item, effective_from=EFFECTIVE, reason="事项取消")
    entries = AuditEntry.objects.count()
    with pytest.raises(errors.ItemAlreadyWithdrawn) as refused:
        item_withdraw(actor=regulator.user, item=item, effective_from=EFFECTIVE, reason="再次取消")
    assert str(refused.value) == "该事项已不在清单内。"
    assert item.history.count() == 2
    assert AuditEntry.objects.count() == entries


def test_publishing_an_item_in_the_catalogue_is_refused(regulator, item):
    with pytest.raises(errors.ItemAlreadyListed) as refused:
        item_publish(actor=regulator.user, item=item, effective_from=EFFECTIVE, reason="发布")
    assert str(refused.value) == "该事项已在清单内。"
    assert item.history.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_regulator_outside_the_category_cannot_withdraw(outsider_regulator, item):
    with pytest.raises(errors.ItemNotSupervised) as refused:
        item_withdraw(actor=outsider_regulator.user, item=item, effective_from=EFFECTIVE, reason="取消")
    assert str(refused.value) == "您不监管该事项所属的类别，不能修改它。"
    item.refresh_from_db()
    assert item.is_active is True
    assert item.history.count() == 1
    assert not AuditEntry.objects.exists()


def test_withdraw_takes_the_item_out_of_the_catalogue_and_keeps_its_history(regulator, item, item_data):
    item_update(actor=regulator.user, item=item, data={**item_data, "code": item.code},
                effective_from=EFFECTIVE, reason="按新规定修订")
    item_withdraw(actor=regulator.user, item=item, effective_from=EFFECTIVE, reason="国务院决定取消该中介服务事项")

    item.refresh_from_db()
    assert item.is_active is False
    assert item not in catalogue_items()
    assert item in catalogue_items(include_inactive=True)
    history = item_history(item)
    assert len(history) == 3
    assert history[0]["reason"] == "国务院决定取消该中介服务事项"
    assert history[0]["changes"] == [{"field": "is_active", "label": "在清单内", "old": "是", "new": "否"}]
    assert AuditEntry.objects.filter(action=Action.CATALOGUE_ITEM_WITHDRAW).count() == 1


def test_a_government_priced_item_without_a_fee_rule_cannot_be_published(regulator, category):
    item = ServiceItemFactory(category=category, fee_type=ServiceItem.FeeType.GOVERNMENT, is_active=False)
    with pytest.raises(errors.FeeRuleMissing) as refused:
        item_publish(actor=regulator.user, item=item, effective_from=EFFECTIVE, reason="发布")
    assert str(refused.value) == "政府定价或指导价的事项须先录入收费标准，才能列入清单。"
    item.refresh_from_db()
    assert item.is_active is False
    assert item.history.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_government_priced_item_with_its_fee_rule_is_published(regulator, category):
    item = FeeRuleFactory(item__category=category, item__is_active=False).item
    item_publish(actor=regulator.user, item=item, effective_from=EFFECTIVE, reason="收费标准已录入")
    item.refresh_from_db()
    assert item.is_active is True
    assert item_history(item)[0]["reason"] == "收费标准已录入"
