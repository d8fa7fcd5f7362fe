"""The public catalogue shows each item as it is in force today: a change dated later is
announced as "将于…生效" with what it changes, counts from its date even before the scheduled
command has run (and reading writes nothing), and the fee rule's own history is public beside
the item's."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from marketplace.models import FeeRule, ScheduledVersion, ServiceItem
from marketplace.services.catalogue import item_update, item_withdraw
from marketplace.services.fees import fee_rule_save
from marketplace.services.versions import scheduled_version_withdraw
from tests.factories import FeeRuleFactory, RegulatorFactory, ServiceCategoryFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI)
TODAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
DATE = datetime.date(2026, 4, 1)
ON_DATE = datetime.datetime(2026, 4, 1, 8, 0, tzinfo=SHANGHAI)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def land(db):
    return ServiceCategoryFactory(code="land", name="自然资源与测绘")


@pytest.fixture
def rule(land):
    with at(BEFORE):
        return FeeRuleFactory(
            item__code="ZJ-ZR-001", item__name="地质灾害危险性评估", item__category=land, item__statutory_days=30,
            legal_basis="川发改价格〔2020〕8号",
        )


@pytest.fixture
def regulator(land):
    return RegulatorFactory(user__full_name="赵志强", categories=[land])


def data_of(item, **changes):
    return {
        "name": item.name, "category": item.category, "legal_basis": item.legal_basis,
        "approval_item": item.approval_item, "approving_department": item.approving_department,
        "statutory_days": item.statutory_days, "fee_type": item.fee_type,
        "required_qualifications": list(item.required_qualifications.all()),
        "description": item.description, **changes,
    }


def new_rule(rule, **changes):
    return {
        "legal_basis": "川发改价格〔2026〕3号", "quantity_label": rule.quantity_label,
        "quantity_unit": rule.quantity_unit, "mode": "progressive",
        "bands": [{"lower": "0", "upper": "1000", "rate": "8", "fixed": "0"},
                  {"lower": "1000", "upper": None, "rate": "4", "fixed": "0"}],
        "minimum_fee": "4000", "maximum_fee": None, "note": "", **changes,
    }


@pytest.fixture
def scheduled(rule, regulator):
    """On TODAY: the time limit goes from 30 to 20 days and a new fee rule applies, both from DATE."""
    item = rule.item
    with at(TODAY):
        item_update(actor=regulator.user, item=item, data=data_of(item, statutory_days=20),
                    effective_from=DATE, reason="依据省政府第12号令压缩时限")
        fee_rule_save(actor=regulator.user, item=item, data=new_rule(rule), effective_from=DATE,
                      reason="价格主管部门调整费率")
    return item


def stored():
    return (
        list(ServiceItem.objects.values_list("statutory_days", "is_active")),
        list(FeeRule.objects.values_list("legal_basis", flat=True)),
        ServiceItem.history.count(), FeeRule.history.count(), AuditEntry.objects.count(),
        sorted(ScheduledVersion.objects.values_list("status", flat=True)),
    )


def test_the_item_page_announces_a_later_change_and_still_shows_the_rule_in_force(client, home, scheduled):
    with at(TODAY):
        response = client.get("/catalogue/ZJ-ZR-001/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "将于2026年4月1日生效" in html
    assert "依据省政府第12号令压缩时限" in html and "价格主管部门调整费率" in html
    facts = html.split('id="facts-heading"')[1].split("</section>")[0]
    assert "30 个工作日" in facts and "20 个工作日" not in facts
    pending = response.context["pending"]
    # On one date the fee rule applies first (an item published that day may need it).
    assert [(row["target"], row["effective_from"]) for row in pending] == [("fee_rule", DATE), ("item", DATE)]
    assert [(c["old"], c["new"]) for c in pending[1]["changes"]] == [("30", "20")]
    assert response.context["rule"].legal_basis == "川发改价格〔2020〕8号"


def test_on_its_date_the_pages_show_the_new_version_before_the_command_and_write_nothing(client, home, scheduled):
    before = stored()
    with at(ON_DATE):
        item_page = client.get("/catalogue/ZJ-ZR-001/")
        history_page = client.get("/catalogue/ZJ-ZR-001/history/")
        listing = client.get("/catalogue/")
    assert stored() == before
    html = item_page.content.decode()
    facts = html.split('id="facts-heading"')[1].split("</section>")[0]
    assert "20 个工作日" in facts
    assert "将于" not in html and item_page.context["pending"] == []
    assert item_page.context["rule"].legal_basis == "川发改价格〔2026〕3号"
    assert "20 个工作日" in listing.content.decode()
    assert "将于" not in history_page.content.decode()


def test_an_item_withdrawn_from_a_later_date_leaves_the_public_list_on_that_date(client, home, rule, regulator):
    with at(TODAY):
        item_withdraw(actor=regulator.user, item=rule.item, effective_from=DATE, reason="国务院决定取消")
        assert "地质灾害危险性评估" in client.get("/catalogue/").content.decode()
    with at(ON_DATE):
        response = client.get("/catalogue/")
    assert response.context["items"].paginator.count == 0


def test_the_history_page_publishes_the_fee_rule_versions_beside_the_items(client, home, scheduled, regulator):
    with at(ON_DATE):
        from django.core.management import call_command

        call_command("apply_catalogue_versions")
    with at(ON_DATE + datetime.timedelta(days=1)):
        fee_rule_save(actor=regulator.user, item=scheduled, data=new_rule(scheduled.fee_rule, maximum_fee="90000"),
                      effective_from=DATE + datetime.timedelta(days=1), reason="设定最高收费")
        response = client.get("/catalogue/ZJ-ZR-001/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="fee-rule-history"' in html and "收费标准变更历史" in html
    newest, applied, first = response.context["fee_versions"]
    assert (newest["kind"], applied["kind"], first["kind"]) == ("changed", "changed", "created")
    assert [(c["label"], c["old"], c["new"]) for c in newest["changes"]] == [("最高收费（元）", "", "90000 元")]
    assert applied["effective_from"] == DATE and applied["reason"] == "价格主管部门调整费率"
    assert applied["who"].startswith("赵志强（")
    bands = next(c for c in applied["changes"] if c["field"] == "bands")
    assert "第1档 0 – 1000（含 1000） 万元：费率 8 元/万元" in bands["new"]
    assert "第1档 0 – 1000（含 1000） 万元：费率 10 元/万元" in bands["old"]
    for text in ("设定最高收费", "价格主管部门调整费率", "川发改价格〔2026〕3号", "2026年4月1日"):
        assert text in html, text


def test_a_withdrawn_pending_version_stays_public_with_its_reason(client, home, scheduled, regulator):
    version = ScheduledVersion.objects.get(target="item")
    with at(TODAY + datetime.timedelta(days=1)):
        scheduled_version_withdraw(actor=regulator.user, version=version, reason="暂缓实施，另行通知")
        html = client.get("/catalogue/ZJ-ZR-001/history/").content.decode()
    assert "已撤回的待生效变更" in html and "暂缓实施，另行通知" in html
    assert html.count("将于2026年4月1日生效") == 1  # the fee rule's is still pending


def _queries(client, path):
    """The queries of a page as it is usually served: after the request that follows a change,
    which builds again what each process keeps until the catalogue changes (cms.filter_options)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_history_and_pending_versions_run_a_fixed_number_of_queries(client, home, scheduled, regulator):
    item = scheduled
    with at(TODAY):
        client.get("/catalogue/ZJ-ZR-001/history/")
        few_history = _queries(client, "/catalogue/ZJ-ZR-001/history/")
        few_item = _queries(client, "/catalogue/ZJ-ZR-001/")
        for n in range(4):
            fee_rule_save(actor=regulator.user, item=item, data=new_rule(item.fee_rule, note=f"说明{n}"),
                          effective_from=TODAY.date(), reason=f"修订{n}")
            item.refresh_from_db()
            item_update(actor=regulator.user, item=item, data=data_of(item, description=f"服务内容{n}"),
                        effective_from=DATE + datetime.timedelta(days=n + 1), reason=f"计划{n}")
        assert _queries(client, "/catalogue/ZJ-ZR-001/history/") == few_history
        assert _queries(client, "/catalogue/ZJ-ZR-001/") == few_item
    with at(ON_DATE + datetime.timedelta(days=10)):
        client.get("/catalogue/")
        with_due = _queries(client, "/catalogue/")
        ServiceItemFactory.create_batch(5, category=item.category)
        assert _queries(client, "/catalogue/") == with_due
