"""item_update: every change to an item is one new public version with who, when, why and from when."""
import datetime

import pytest
import time_machine

from audit.actions import Action
from audit.models import AuditEntry
from marketplace import errors
from marketplace.models import ServiceItem
from marketplace.selectors.catalogue import item_history
from marketplace.services.catalogue import item_create, item_update
from tests.factories import FeeRuleFactory, QualificationTypeFactory, RegulatorFactory
from tests.marketplace.conftest import EFFECTIVE

pytestmark = pytest.mark.django_db

# Each change is entered on (or after) its effective date, so it applies at once; changes dated
# later are scheduled versions (tests/marketplace/test_scheduled_versions.py).
CREATED_AT = datetime.datetime(2025, 7, 1, 1, 0, tzinfo=datetime.UTC)
EDITED_AT = datetime.datetime(2025, 9, 1, 7, 30, tzinfo=datetime.UTC)
LATER = datetime.date(2025, 9, 1)


@pytest.fixture
def created(regulator, item_data, qualifications):
    with time_machine.travel(CREATED_AT, tick=False):
        return item_create(actor=regulator.user, data={**item_data, "required_qualifications": qualifications[:1]},
                           effective_from=EFFECTIVE, reason="依据省政府清单新增")


def edit(actor, item, data, reason="缩短法定时限", effective_from=LATER):
    return item_update(actor=actor, item=item, data=data, effective_from=effective_from, reason=reason)


def test_a_regulator_outside_the_category_cannot_update_and_nothing_is_written(
    outsider_regulator, created, item_data
):
    entries = AuditEntry.objects.count()
    with pytest.raises(errors.ItemNotSupervised) as refused:
        edit(outsider_regulator.user, created, {**item_data, "statutory_days": 5})
    assert str(refused.value) == "您不监管该事项所属的类别，不能修改它。"
    created.refresh_from_db()
    assert created.statutory_days == 20
    assert created.history.count() == 1
    assert AuditEntry.objects.count() == entries


def test_an_edit_that_changes_nothing_is_refused(regulator, created, item_data, qualifications):
    entries = AuditEntry.objects.count()
    with pytest.raises(errors.ItemUnchanged) as refused:
        edit(regulator.user, created, {**item_data, "required_qualifications": qualifications[:1]})
    assert str(refused.value) == "没有任何修改，未生成新版本。"
    assert created.history.count() == 1
    assert AuditEntry.objects.count() == entries


def test_an_item_in_the_catalogue_cannot_turn_government_priced_without_a_fee_rule(
    regulator, created, item_data, qualifications
):
    data = {**item_data, "fee_type": ServiceItem.FeeType.GOVERNMENT, "required_qualifications": qualifications[:1]}
    entries = AuditEntry.objects.count()
    with pytest.raises(errors.FeeRuleMissingForChange) as refused:
        edit(regulator.user, created, data)
    assert refused.value.field == "fee_type"
    assert str(refused.value) == "该事项还没有收费标准：请先停用该事项并录入收费标准，再改为政府定价后重新发布。"
    created.refresh_from_db()
    assert created.fee_type == ServiceItem.FeeType.MARKET
    assert created.history.count() == 1
    assert AuditEntry.objects.count() == entries


def test_create_then_edit_gives_two_versions_with_who_when_effective_date_reason_and_changes(
    regulator, created, item_data, qualifications
):
    editor = RegulatorFactory(user__full_name="王监管")
    editor.categories.add(created.category)
    with time_machine.travel(EDITED_AT, tick=False):
        edit(editor.user, created, {**item_data, "statutory_days": 15, "required_qualifications": qualifications[:1]})

    newest, first = item_history(created)
    assert newest["kind"] == "changed"
    assert newest["record"].history_user == editor.user
    assert newest["who"].startswith("王监管（")
    assert newest["when"] == EDITED_AT
    assert newest["effective_from"] == LATER
    assert newest["reason"] == "缩短法定时限"
    assert [(c["label"], c["old"], c["new"]) for c in newest["changes"]] == [("法定服务时限（工作日）", "20", "15")]

    assert first["kind"] == "created"
    assert first["record"].history_user == regulator.user
    assert first["when"] == CREATED_AT
    assert first["effective_from"] == EFFECTIVE
    assert first["reason"] == "依据省政府清单新增"
    audit = AuditEntry.objects.get(action=Action.CATALOGUE_ITEM_UPDATE)
    assert (audit.before["statutory_days"], audit.after["statutory_days"]) == (20, 15)


def test_a_changed_set_of_required_qualifications_shows_in_the_history(
    regulator, created, item_data, qualifications
):
    edit(regulator.user, created, {**item_data, "required_qualifications": qualifications[1:]},
         reason="资质要求调整")

    newest = item_history(created)[0]
    assert newest["changes"] == [
        {"field": "required_qualifications", "label": "法定资质要求", "old": "环评资质", "new": "测绘资质"}
    ]
    assert created.history.count() == 2  # one version for the whole change, not one per add/remove
    assert {q.code for q in created.required_qualifications.all()} == {"survey"}


def test_history_shows_category_and_department_by_name(regulator, created, item_data, qualifications):
    from tests.factories import DepartmentFactory, ServiceCategoryFactory

    new_category = ServiceCategoryFactory(code="soil", name="水土保持")
    regulator.categories.add(new_category)
    new_department = DepartmentFactory(name="水利局")
    edit(regulator.user, created, {**item_data, "category": new_category, "approving_department": new_department,
                                   "required_qualifications": qualifications[:1]})

    changes = {c["field"]: (c["old"], c["new"]) for c in item_history(created)[0]["changes"]}
    assert changes == {
        "category": ("生态环境", "水土保持"),
        "approving_department": (str(item_data["approving_department"]), "德阳市水利局"),
    }


def test_an_item_with_a_fee_rule_may_turn_government_priced(regulator, category, item_data):
    item = FeeRuleFactory(item__category=category, item__fee_type=ServiceItem.FeeType.MARKET).item
    data = {**item_data, "code": item.code, "fee_type": ServiceItem.FeeType.GOVERNMENT}
    edit(regulator.user, item, data)
    item.refresh_from_db()
    assert (item.fee_type, item.is_active) == (ServiceItem.FeeType.GOVERNMENT, True)


def test_the_qualification_list_keeps_working_for_new_types(regulator, created, item_data):
    extra = QualificationTypeFactory(code="seis", name="地震安评资质")
    edit(regulator.user, created, {**item_data, "required_qualifications": [extra]}, reason="新增资质")
    assert item_history(created)[0]["changes"][0]["new"] == "地震安评资质"
