"""The regulator workspace's menu comes from the navigation registry: each app puts its regulator
pages in the "regulator" place, and marketplace's frame lists them without naming any."""
import pytest
from django.test import RequestFactory
from django.urls import reverse

from core import navigation
from tests.factories import RegulatorFactory, UserFactory

pytestmark = pytest.mark.django_db

MARKETPLACE_PAGES = {
    "概览": "regulator:dashboard",
    "服务事项清单": "regulator:catalogue",
    "新增事项": "regulator:item_create",
    "服务类别": "regulator:categories",
}
BIDDING_PAGES = {
    "异议投诉": "bidding_regulator:complaints",
    "公共随机数": "bidding_regulator:beacons",
    "围标串标预警": "bidding_regulator:flags",
    "限制性条款规则": "bidding_regulator:patterns",
}


def _menu(user):
    request = RequestFactory().get(reverse("regulator:catalogue"))
    request.user = user
    return {str(link.label): link for link in navigation.links_for("regulator", request)}


def test_the_menu_lists_marketplaces_pages_first_then_the_other_apps(db):
    menu = _menu(RegulatorFactory().user)

    for label, name in {**MARKETPLACE_PAGES, **BIDDING_PAGES}.items():
        assert menu[label].url == reverse(name), label
    labels = list(menu)
    assert labels[:4] == list(MARKETPLACE_PAGES)
    assert labels.index("异议投诉") > labels.index("服务类别")
    assert menu["服务事项清单"].current


def test_only_a_regulator_on_duty_is_shown_the_menu(db):
    assert _menu(UserFactory()) == {}
    assert _menu(RegulatorFactory(is_active=False).user) == {}


def test_every_workspace_page_shows_the_menu(regulator_client, item):
    for url in (reverse("regulator:dashboard"), reverse("regulator:catalogue"),
                reverse("regulator:item_detail", args=[item.code]),
                reverse("regulator:fee_rule_edit", args=[item.code])):
        page = regulator_client.get(url).content.decode()
        for label, name in {**MARKETPLACE_PAGES, **BIDDING_PAGES}.items():
            assert f'href="{reverse(name)}"' in page, (url, label)
