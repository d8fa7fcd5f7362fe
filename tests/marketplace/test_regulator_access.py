"""Only active regulators reach the regulator workspace, and each keeps only its own categories."""
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from marketplace.models import ServiceItem
from tests.factories import RegulatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def workspace_urls(item, category):
    return [
        reverse("regulator:dashboard"),
        reverse("regulator:catalogue"),
        reverse("regulator:item_create"),
        reverse("regulator:item_detail", args=[item.code]),
        reverse("regulator:item_edit", args=[item.code]),
        reverse("regulator:item_withdraw", args=[item.code]),
        reverse("regulator:item_publish", args=[item.code]),
        reverse("regulator:categories"),
        reverse("regulator:category_create"),
        reverse("regulator:category_edit", args=[category.code]),
    ]


def test_a_user_who_is_not_a_regulator_gets_403_on_every_workspace_page(client, item, category):
    client.force_login(UserFactory())
    for url in workspace_urls(item, category):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x"}).status_code == 403, url
    assert ServiceItem.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_an_inactive_regulator_gets_403(client, item, category):
    regulator = RegulatorFactory(is_active=False)
    regulator.categories.add(category)
    client.force_login(regulator.user)
    for url in workspace_urls(item, category):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_log_in(client, item, category):
    response = client.get(reverse("regulator:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_regulator_outside_the_items_category_cannot_change_it(client, outsider_regulator, item, category):
    client.force_login(outsider_regulator.user)
    change = {"effective_from": "2025-07-01", "reason": "越权修改"}
    for name in ("item_edit", "item_withdraw", "item_publish"):
        url = reverse(f"regulator:{name}", args=[item.code])
        assert client.get(url).status_code == 403
        assert client.post(url, {**change, "name": "改名", "statutory_days": 1}).status_code == 403
    assert client.post(reverse("regulator:category_edit", args=[category.code]), {"name": "改名"}).status_code == 403
    item.refresh_from_db()
    category.refresh_from_db()
    assert (item.name, item.statutory_days, item.is_active) == ("环境影响评价报告书编制", 30, True)
    assert category.name == "生态环境"
    assert item.history.count() == 1  # the factory's creation only
    assert not AuditEntry.objects.exists()


def test_a_regulator_outside_the_category_may_still_read_the_item(client, outsider_regulator, item):
    client.force_login(outsider_regulator.user)
    response = client.get(reverse("regulator:item_detail", args=[item.code]))
    assert response.status_code == 200
    assert "您只能查看" in response.content.decode()
    assert reverse("regulator:item_edit", args=[item.code]) not in response.content.decode()


def test_a_regulator_with_no_categories_keeps_no_items(item):
    from marketplace.selectors.regulators import can_edit_item

    assert can_edit_item(RegulatorFactory(), item) is False
