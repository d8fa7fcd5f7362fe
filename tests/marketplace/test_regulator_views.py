"""The regulator workspace through HTTP: forms refuse bad input next to the field and keep it."""
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from marketplace.models import ServiceItem
from tests.factories import FeeRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data(category, department, qualifications):
    return {
        "code": "HP-001",
        "name": "环境影响报告表编制",
        "category": category.pk,
        "legal_basis": "《中华人民共和国环境影响评价法》第十六条",
        "approval_item": "建设项目环境影响评价文件审批",
        "approving_department": department.pk,
        "statutory_days": "20",
        "fee_type": "market",
        "required_qualifications": [qualifications[0].pk],
        "description": "",
        "effective_from": "2025-07-01",
        "reason": "依据省政府清单新增",
    }


def test_a_duplicate_code_is_shown_next_to_the_field_and_what_was_typed_is_kept(regulator_client, item, form_data):
    response = regulator_client.post(reverse("regulator:item_create"), {**form_data, "code": "ZJ-0001"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["code"] == ["事项编码“ZJ-0001”已被事项“环境影响评价报告书编制”使用，请换一个编码。"]
    assert "环境影响报告表编制" in response.content.decode()  # the typed name is still there
    assert ServiceItem.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_zero_statutory_days_are_refused_by_the_form(regulator_client, form_data):
    response = regulator_client.post(reverse("regulator:item_create"), {**form_data, "statutory_days": "0"})
    assert "statutory_days" in response.context["form"].errors
    assert not ServiceItem.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_regulator_creates_an_item_then_edits_it_and_the_page_shows_both_versions(regulator_client, form_data):
    response = regulator_client.post(reverse("regulator:item_create"), form_data)
    assert response.status_code == 302
    item = ServiceItem.objects.get(code="HP-001")
    assert response["Location"] == reverse("regulator:item_detail", args=["HP-001"])

    edit_url = reverse("regulator:item_edit", args=["HP-001"])
    page = regulator_client.get(edit_url).content.decode()
    assert 'value="环境影响报告表编制"' in page
    response = regulator_client.post(edit_url, {**form_data, "code": "CHANGED", "statutory_days": "15",
                                                "reason": "压缩时限"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.code, item.statutory_days) == ("HP-001", 15)  # the code cannot be changed

    page = regulator_client.get(reverse("regulator:item_detail", args=["HP-001"])).content.decode()
    assert "压缩时限" in page and "依据省政府清单新增" in page
    assert item.history.count() == 2


def test_withdraw_through_the_workspace_needs_a_reason(regulator_client, item):
    url = reverse("regulator:item_withdraw", args=[item.code])
    response = regulator_client.post(url, {"effective_from": "2025-07-01", "reason": ""})
    assert "reason" in response.context["form"].errors
    item.refresh_from_db()
    assert item.is_active is True
    assert not AuditEntry.objects.exists()
    response = regulator_client.post(url, {"effective_from": "2025-07-01", "reason": "事项取消"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_active is False


def test_publishing_a_government_priced_item_without_fee_rule_shows_the_refusal(regulator_client, category):
    from tests.factories import ServiceItemFactory

    item = ServiceItemFactory(category=category, fee_type="government", is_active=False)
    response = regulator_client.post(reverse("regulator:item_publish", args=[item.code]),
                                     {"effective_from": "2025-07-01", "reason": "发布"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["政府定价或指导价的事项须先录入收费标准，才能列入清单。"]
    assert "发布" in response.context["form"]["reason"].value()  # the input is kept
    item.refresh_from_db()
    assert item.is_active is False
    assert item.history.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_new_government_priced_item_asks_for_its_fee_rule(regulator_client, form_data):
    response = regulator_client.post(reverse("regulator:item_create"), {**form_data, "fee_type": "government"},
                                     follow=True)

    item = ServiceItem.objects.get(code="HP-001")
    assert not item.is_active
    page = response.content.decode()
    assert "它是政府定价事项：请录入收费标准，再发布到清单。" in page
    assert "这是政府定价或指导价事项，还没有收费标准" in page
    catalogue = regulator_client.get(reverse("regulator:catalogue")).content.decode()
    assert "待录入收费标准" in catalogue


def test_the_item_page_links_to_the_fee_rule_editor(regulator_client, category):
    item = FeeRuleFactory(item__category=category).item
    page = regulator_client.get(reverse("regulator:item_detail", args=[item.code])).content.decode()
    assert reverse("regulator:fee_rule_edit", args=[item.code]) in page


def test_dashboard_catalogue_and_categories_render(regulator_client, item, other_category):
    page = regulator_client.get(reverse("regulator:dashboard")).content.decode()
    assert item.name in page
    page = regulator_client.get(reverse("regulator:catalogue"), {"q": "环境", "status": "active"}).content.decode()
    assert item.name in page
    page = regulator_client.get(reverse("regulator:catalogue"), {"category": other_category.code}).content.decode()
    assert item.name not in page
    page = regulator_client.get(reverse("regulator:categories")).content.decode()
    assert "生态环境" in page and "地质灾害" in page


def test_a_regulator_creates_a_category_and_may_file_items_under_it(regulator_client, regulator):
    response = regulator_client.post(reverse("regulator:category_create"),
                                     {"code": "fire", "name": "消防", "description": ""})
    assert response.status_code == 302
    assert regulator.categories.filter(code="fire").exists()
