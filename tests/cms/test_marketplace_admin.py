"""The marketplace data in the Wagtail admin (cms/marketplace_admin.py): an active regulator lists,
searches and inspects service items, fee rules, model contracts and synonyms, each with the way
to the regulator workspace where it is changed; nobody adds, edits or deletes them through the
admin, and an editor who is not a regulator does not see them at all."""
import pytest
from django.contrib.auth.models import Group

from marketplace.models import ServiceItem
from search.models import SynonymGroup
from tests.factories import (
    ContractTemplateFactory,
    FeeRuleFactory,
    RegulatorFactory,
    ServiceItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["/admin/marketplace_items/", "/admin/marketplace_fee_rules/", "/admin/marketplace_templates/",
         "/admin/marketplace_synonyms/"]


def moderator(user):
    user.groups.add(Group.objects.get(name="Moderators"))   # may use the Wagtail admin
    return user


@pytest.fixture
def data(home):
    rule = FeeRuleFactory(item__code="ZJ-ADM-01", item__name="建设项目环境影响报告书编制")
    ServiceItemFactory(code="ZJ-ADM-02", name="水土保持方案报告书编制")
    template = ContractTemplateFactory(code="ZJ-HT-ADM", title="环评技术服务合同")
    synonyms = SynonymGroup.objects.create(words="环评\n环境影响评价", note="常用简称")
    return rule, template, synonyms


@pytest.fixture
def regulator_client(client):
    client.force_login(moderator(RegulatorFactory().user))
    return client


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_a_regulator_finds_the_marketplace_data_in_the_admin_menu(regulator_client, data):
    html = text(regulator_client.get("/admin/"))   # the menu is a JSON island the sidebar draws
    for url in LISTS:
        assert url in html


def test_each_list_shows_its_rows_with_the_way_to_the_workspace(regulator_client, data):
    rule, template, synonyms = data
    items = text(regulator_client.get(LISTS[0]))
    assert "建设项目环境影响报告书编制" in items and "水土保持方案报告书编制" in items
    assert 'href="/regulator/catalogue/ZJ-ADM-01/"' in items
    assert 'href="/regulator/catalogue/ZJ-ADM-01/fee-rule/"' in text(regulator_client.get(LISTS[1]))
    assert f'href="/regulator/contracts/templates/{template.pk}/"' in text(regulator_client.get(LISTS[2]))
    assert f'href="/regulator/search/synonyms/{synonyms.pk}/"' in text(regulator_client.get(LISTS[3]))


def test_a_list_searches_and_filters(regulator_client, data):
    found = text(regulator_client.get(LISTS[0], {"q": "水土"}))
    assert "水土保持方案报告书编制" in found and "建设项目环境影响报告书编制" not in found


def test_an_item_is_inspected_with_its_facts(regulator_client, data):
    item = ServiceItem.objects.get(code="ZJ-ADM-01")
    html = text(regulator_client.get(f"{LISTS[0]}inspect/{item.pk}/"))
    assert item.approval_item in html and 'href="/regulator/catalogue/ZJ-ADM-01/"' in html


def test_nobody_adds_edits_or_deletes_through_the_admin(regulator_client, data):
    item = ServiceItem.objects.get(code="ZJ-ADM-01")
    before = ServiceItem.objects.values_list("code", "name", "is_active").order_by("code")
    snapshot = list(before)
    for url in (f"{LISTS[0]}add/", f"{LISTS[0]}edit/{item.pk}/", f"{LISTS[0]}delete/{item.pk}/"):
        assert regulator_client.get(url).status_code in (302, 403, 404), url
        regulator_client.post(url, {"code": "ZJ-NEW", "name": "改名"})
    assert list(before) == snapshot and ServiceItem.objects.filter(code="ZJ-NEW").count() == 0
    assert "/add/" not in text(regulator_client.get(LISTS[0]))


def test_an_editor_who_is_not_a_regulator_sees_none_of_it(client, data):
    client.force_login(moderator(UserFactory()))
    assert "/admin/marketplace_items/" not in text(client.get("/admin/"))
    for url in LISTS:
        assert client.get(url).status_code in (302, 403), url
