"""A catalogue change dated later than today waits for its date: it is public at once as a
scheduled version, in force from its date (derived by reads, written by the scheduled command
or by the next catalogue service), applied once, and withdrawable until then."""
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from marketplace import errors, fees
from marketplace.models import FeeRule, ScheduledVersion
from marketplace.selectors.catalogue import item_history
from marketplace.selectors.versions import (
    catalogue_in_force,
    fee_rule_history,
    item_in_force,
    pending_versions,
)
from marketplace.services.catalogue import item_create, item_update, item_withdraw
from marketplace.services.fees import fee_rule_save
from marketplace.services.versions import catalogue_versions_apply_due, scheduled_version_withdraw
from tests.factories import FeeRuleFactory, RegulatorFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
DATE = datetime.date(2026, 4, 1)
EVE = datetime.datetime(2026, 3, 31, 23, 50, tzinfo=SHANGHAI)
ON_DATE = datetime.datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI)


def at(moment):
    return time_machine.travel(moment, tick=False)


def data_of(item, **changes):
    return {
        "name": item.name, "category": item.category, "legal_basis": item.legal_basis,
        "approval_item": item.approval_item, "approving_department": item.approving_department,
        "statutory_days": item.statutory_days, "fee_type": item.fee_type,
        "required_qualifications": list(item.required_qualifications.all()),
        "description": item.description, **changes,
    }


@pytest.fixture
def item(category):
    """The item as it was entered before TODAY (so its versions sort before the ones here)."""
    with at(TODAY - datetime.timedelta(days=60)):
        return ServiceItemFactory(code="ZJ-0001", name="环境影响评价报告书编制", category=category, statutory_days=30)


@pytest.fixture
def scheduled(regulator, item):
    """On TODAY the regulator shortens the statutory time from 30 to 20 days, from DATE."""
    with at(TODAY):
        item_update(actor=regulator.user, item=item, data=data_of(item, statutory_days=20),
                    effective_from=DATE, reason="依据省政府第12号令缩短时限")
    return ScheduledVersion.objects.get()


def written(item):
    """What the catalogue holds for `item`: its row's time limit, its versions and the audit log."""
    item.refresh_from_db()
    return (item.statutory_days, item.history.count(), AuditEntry.objects.count(),
            list(ScheduledVersion.objects.values_list("status", flat=True)))


def test_a_change_dated_later_is_not_in_force_today_but_is_published_as_pending(scheduled, item, regulator):
    item.refresh_from_db()
    assert item.statutory_days == 30
    assert item.history.count() == 1
    assert scheduled.status == ScheduledVersion.Status.PENDING
    assert scheduled.changes == {"statutory_days": 20}
    assert (scheduled.effective_from, scheduled.created_by) == (DATE, regulator.user)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["catalogue.version_schedule"]

    with at(TODAY):
        assert item_in_force(item.code).statutory_days == 30
        [row] = pending_versions(item)
    assert row["effective_from"] == DATE and row["reason"] == "依据省政府第12号令缩短时限"
    assert [(c["label"], c["old"], c["new"]) for c in row["changes"]] == [("法定服务时限（工作日）", "30", "20")]


def test_on_its_date_reads_show_it_in_force_before_the_command_runs_and_write_nothing(scheduled, item):
    before = written(item)
    with at(EVE):
        assert item_in_force(item.code).statutory_days == 30
    with at(ON_DATE):
        assert item_in_force(item.code).statutory_days == 20
        assert pending_versions(item) == []
    assert written(item) == before


def test_the_command_applies_it_on_its_date_as_one_version_once(scheduled, item, regulator):
    with at(EVE):
        call_command("apply_catalogue_versions")
    item.refresh_from_db()
    assert item.statutory_days == 30

    with at(ON_DATE):
        call_command("apply_catalogue_versions")
        call_command("apply_catalogue_versions")  # idempotent: a second run finds nothing due
    item.refresh_from_db()
    assert item.statutory_days == 20
    newest = item_history(item)[0]
    assert newest["record"].history_user == regulator.user
    assert newest["effective_from"] == DATE
    assert newest["reason"] == "依据省政府第12号令缩短时限"
    assert [(c["old"], c["new"]) for c in newest["changes"]] == [("30", "20")]
    assert item.history.count() == 2
    assert AuditEntry.objects.filter(action=Action.CATALOGUE_VERSION_APPLY).count() == 1
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledVersion.Status.APPLIED

    with at(ON_DATE + datetime.timedelta(days=40)):
        assert catalogue_versions_apply_due() == {"applied": [], "errors": []}
    assert item.history.count() == 2


def test_a_later_immediate_change_of_another_field_is_kept_when_the_version_applies(scheduled, item, regulator):
    with at(TODAY + datetime.timedelta(days=3)):
        item.refresh_from_db()
        item_update(actor=regulator.user, item=item, data=data_of(item, name="环境影响评价报告书编制（含专章）"),
                    effective_from=datetime.date(2026, 3, 5), reason="更正名称")
    with at(ON_DATE):
        call_command("apply_catalogue_versions")
    item.refresh_from_db()
    assert (item.name, item.statutory_days) == ("环境影响评价报告书编制（含专章）", 20)


def test_the_next_catalogue_service_on_or_after_the_date_applies_due_versions_first(scheduled, item, regulator):
    with at(ON_DATE):
        item.refresh_from_db()
        assert item.statutory_days == 30  # the command has not run
        # The form starts from the version in force (20 days); the regulator renames the item.
        item_update(actor=regulator.user, item=item, data=data_of(item, statutory_days=20, name="新名称"),
                    effective_from=DATE, reason="更名")
    item.refresh_from_db()
    assert (item.name, item.statutory_days) == ("新名称", 20)
    applied, renamed = item_history(item)[1], item_history(item)[0]
    assert [c["field"] for c in applied["changes"]] == ["statutory_days"]
    assert [c["field"] for c in renamed["changes"]] == ["name"]
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledVersion.Status.APPLIED


def test_a_scheduled_change_that_changes_nothing_is_refused_and_nothing_is_written(regulator, item):
    before = written(item)
    with at(TODAY), pytest.raises(errors.ItemUnchanged) as refused:
        item_update(actor=regulator.user, item=item, data=data_of(item), effective_from=DATE, reason="无")
    assert str(refused.value) == "没有任何修改，未生成新版本。"
    assert written(item) == before


def test_a_regulator_withdraws_a_pending_version_before_its_date(scheduled, item, regulator):
    colleague = RegulatorFactory(user__full_name="赵科长")
    colleague.categories.add(item.category)
    with at(EVE):
        scheduled_version_withdraw(actor=colleague.user, version=scheduled, reason="省政府决定暂缓实施")
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledVersion.Status.WITHDRAWN
    assert (scheduled.withdrawn_by, scheduled.withdraw_reason) == (colleague.user, "省政府决定暂缓实施")
    assert AuditEntry.objects.filter(action=Action.CATALOGUE_VERSION_WITHDRAW).count() == 1
    # The regulator who registered it is told.
    assert Notice.objects.filter(user=regulator.user, title__contains="已撤回").count() == 1

    with at(ON_DATE):
        assert item_in_force(item.code).statutory_days == 30
        call_command("apply_catalogue_versions")
    item.refresh_from_db()
    assert item.statutory_days == 30 and item.history.count() == 1


def test_withdrawing_is_refused_to_an_outsider_on_its_date_without_a_reason_or_twice(
    scheduled, item, regulator, outsider_regulator
):
    before = written(item)
    with at(EVE), pytest.raises(errors.VersionNotSupervised) as outsider:
        scheduled_version_withdraw(actor=outsider_regulator.user, version=scheduled, reason="越权")
    with at(EVE), pytest.raises(errors.WithdrawReasonRequired) as no_reason:
        scheduled_version_withdraw(actor=regulator.user, version=scheduled, reason="  ")
    with at(ON_DATE), pytest.raises(errors.VersionAlreadyInForce) as too_late:
        scheduled_version_withdraw(actor=regulator.user, version=scheduled, reason="来不及了")
    assert str(outsider.value) == "您不监管该事项所属的类别，不能撤回它的变更。"
    assert (no_reason.value.field, str(no_reason.value)) == ("reason", "请填写撤回原因。")
    assert str(too_late.value) == "该版本的生效日期已到，不能再撤回；如需改变，请另行修改并注明原因。"
    assert written(item) == before
    assert not Notice.objects.exists()

    with at(EVE):
        scheduled_version_withdraw(actor=regulator.user, version=scheduled, reason="暂缓")
    after = written(item)
    with at(EVE), pytest.raises(errors.VersionNotPending) as twice:
        scheduled_version_withdraw(actor=regulator.user, version=scheduled, reason="再撤一次")
    assert str(twice.value) == "该版本已生效或已撤回，不能再撤回。"
    assert written(item) == after


def test_an_item_withdrawn_from_a_later_date_stays_listed_until_then(regulator, item):
    with at(TODAY):
        item_withdraw(actor=regulator.user, item=item, effective_from=DATE, reason="国务院决定取消")
        assert list(catalogue_in_force()) == [item]
    before = written(item)
    with at(TODAY), pytest.raises(errors.ItemAlreadyWithdrawn) as refused:
        item_withdraw(actor=regulator.user, item=item, effective_from=DATE + datetime.timedelta(days=1),
                      reason="再取消")
    assert str(refused.value) == "到2026年4月2日，该事项已不在清单内（含待生效的变更）。"
    assert written(item) == before
    with at(ON_DATE):
        assert list(catalogue_in_force()) == []  # derived: the command has not run
        assert not item_in_force(item.code).is_active
        call_command("apply_catalogue_versions")
    item.refresh_from_db()
    assert not item.is_active


def test_a_new_item_dated_later_enters_the_catalogue_on_its_date(regulator, item_data):
    with at(TODAY):
        item = item_create(actor=regulator.user, data=item_data, effective_from=DATE, reason="新增")
        assert not item.is_active
        assert list(catalogue_in_force()) == []
        assert [row["changes"][0]["new"] for row in pending_versions(item)] == ["是"]
    with at(ON_DATE):
        assert list(catalogue_in_force(query="报告表")) == [item]
        call_command("apply_catalogue_versions")
    item.refresh_from_db()
    assert item.is_active


def test_a_renamed_item_is_found_by_its_new_name_from_the_date(scheduled, regulator, item):
    with at(TODAY):
        item.refresh_from_db()
        item_update(actor=regulator.user, item=item, data=data_of(item, name="水土保持方案编制"),
                    effective_from=DATE, reason="更名")
        assert list(catalogue_in_force(query="水土保持")) == []
    with at(ON_DATE):
        [found] = catalogue_in_force(query="水土保持")
        assert found == item
        assert list(catalogue_in_force(query="报告书")) == []


@pytest.fixture
def rule(category):
    with at(TODAY - datetime.timedelta(days=60)):
        return FeeRuleFactory(item__category=category, item__code="ZJ-FEE-1")


def new_rule_data(rule):
    return {
        "legal_basis": "川发改价格〔2026〕3号", "quantity_label": rule.quantity_label,
        "quantity_unit": rule.quantity_unit, "mode": "progressive",
        "bands": [{"lower": "0", "upper": "1000", "rate": "8", "fixed": "0"},
                  {"lower": "1000", "upper": None, "rate": "4", "fixed": "0"}],
        "minimum_fee": "4000", "maximum_fee": None, "note": "",
    }


def fee_for(item, quantity):
    return fees.calculate_fee(item.fee_rule, quantity).final_fee


def test_a_fee_rule_dated_later_applies_on_its_date(regulator, rule):
    item = rule.item
    with at(TODAY):
        version = fee_rule_save(actor=regulator.user, item=item, data=new_rule_data(rule),
                                effective_from=DATE, reason="价格主管部门调整费率")
        assert isinstance(version, ScheduledVersion)
        assert fee_for(item_in_force(item.code), "500") == Decimal("5000.00")
        [row] = pending_versions(item)
    assert row["target"] == "fee_rule"
    assert {c["field"] for c in row["changes"]} == {"legal_basis", "bands", "minimum_fee"}
    rule.refresh_from_db()
    assert rule.minimum_fee == Decimal("5000.00") and rule.history.count() == 1

    with at(ON_DATE):
        assert fee_for(item_in_force(item.code), "500") == Decimal("4000.00")
        call_command("apply_catalogue_versions")
    rule.refresh_from_db()
    assert rule.minimum_fee == Decimal("4000") and rule.legal_basis == "川发改价格〔2026〕3号"
    newest = fee_rule_history(item)[0]
    assert (newest["effective_from"], newest["reason"]) == (DATE, "价格主管部门调整费率")
    assert FeeRule.history.filter(item_id=item.pk).count() == 2


def test_the_due_rule_and_its_query_agree():
    version = ScheduledVersion(effective_from=DATE, status=ScheduledVersion.Status.PENDING)
    day_before, day_after = DATE - datetime.timedelta(days=1), DATE + datetime.timedelta(days=1)
    for day, due in ((day_before, False), (DATE, True), (day_after, True)):
        assert version.is_due(day) is due
    version.status = ScheduledVersion.Status.WITHDRAWN
    assert not version.is_due(DATE)


def test_the_regulator_sees_the_pending_version_and_withdraws_it_with_a_reason(client, scheduled, item, regulator):
    client.force_login(regulator.user)
    with at(TODAY):
        page = client.get(f"/regulator/catalogue/{item.code}/").content.decode()
        withdraw_url = f"/regulator/catalogue/{item.code}/scheduled/{scheduled.pk}/withdraw/"
        assert "将于2026年4月1日生效" in page and withdraw_url in page

        before = written(item)
        refused = client.post(withdraw_url, {"reason": ""})
        assert refused.status_code == 200 and refused.context["form"].errors["reason"]
        assert written(item) == before

        response = client.post(withdraw_url, {"reason": "暂缓实施"})
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledVersion.Status.WITHDRAWN


def test_a_regulator_of_another_category_cannot_open_the_withdraw_page(client, scheduled, item, outsider_regulator):
    client.force_login(outsider_regulator.user)
    with at(TODAY):
        url = f"/regulator/catalogue/{item.code}/scheduled/{scheduled.pk}/withdraw/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "越权"}).status_code == 403
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledVersion.Status.PENDING


def test_saving_a_later_change_in_the_form_says_when_it_takes_effect(client, item, regulator):
    client.force_login(regulator.user)
    with at(TODAY):
        form = client.get(f"/regulator/catalogue/{item.code}/edit/").context["form"]
        data = {name: value for name, value in form.initial.items() if value is not None}
        data.update({"statutory_days": 25, "effective_from": DATE.isoformat(), "reason": "压缩时限",
                     "required_qualifications": []})
        response = client.post(f"/regulator/catalogue/{item.code}/edit/", data, follow=True)
    assert "将于2026年4月1日生效" in response.content.decode()
    item.refresh_from_db()
    assert item.statutory_days == 30
