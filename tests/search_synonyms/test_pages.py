"""The synonym table's pages: who may open which page and press which button (one table), what
a refused form shows (its reason beside the field, the input kept, 400, nothing written), the
history with its reasons, the table's search, and its place in the regulators' menu."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from search.models import SynonymGroup
from search.services import create_synonym_group, update_synonym_group

from .conftest import ROLES, make_actor

pytestmark = pytest.mark.django_db

POSTS = {
    "synonym_create": {"words": "水保\n水土保持", "note": "", "reason": ""},
    "synonym_edit": {"words": "环评\n环境影响评价\n环境影响报告", "note": "", "reason": "补充全称"},
    "synonym_active": {"reason": "暂停使用"},
}

# page, method:                    anonymous  agency_member  owner_member  regulator  keeper
TABLE = [
    ("synonyms", "GET",                302, 403, 403, 200, 200),
    ("synonym_history", "GET",         302, 403, 403, 200, 200),
    ("synonym_create", "GET",          302, 403, 403, 403, 200),
    ("synonym_create", "POST",         302, 403, 403, 403, 302),
    ("synonym_edit", "GET",            302, 403, 403, 403, 200),
    ("synonym_edit", "POST",           302, 403, 403, 403, 302),
    ("synonym_active", "GET",          302, 403, 403, 403, 200),
    ("synonym_active", "POST",         302, 403, 403, 403, 302),
]
CASES = [(page, method, role, expected)
         for page, method, *answers in TABLE for role, expected in zip(ROLES, answers, strict=True)]


def _url(page, group):
    if page in ("synonyms", "synonym_create"):
        return reverse(f"search_regulator:{page}")
    return reverse(f"search_regulator:{page}", args=[group.pk])


def _writes():
    return (SynonymGroup.objects.count(), SynonymGroup.history.count(), AuditEntry.objects.count(),
            list(SynonymGroup.objects.order_by("pk").values_list("words", "note", "is_active")))


@pytest.mark.parametrize("page, method, role, expected", CASES)
def test_permission_table(client, group, page, method, role, expected):
    actor = make_actor(role)
    if role != "anonymous":
        client.force_login(actor)
    url = _url(page, group)
    before = _writes()
    response = client.post(url, POSTS[page]) if method == "POST" else client.get(url)
    assert response.status_code == expected
    if expected == 302 and role == "anonymous":
        assert reverse("account_login") in response["Location"]
    if method == "POST":
        changed = _writes() != before
        assert changed == (role == "keeper"), "only the keeper's POST writes"


@pytest.fixture
def keeper_client(client, keeper):
    client.force_login(keeper)
    return client


def test_a_new_group_from_the_form(keeper_client):
    response = keeper_client.post(reverse("search_regulator:synonym_create"),
                                  {"words": "稳评，社会稳定风险评估", "note": "行业常用简称", "reason": ""})
    assert response.status_code == 302 and response["Location"] == reverse("search_regulator:synonyms")
    group = SynonymGroup.objects.get()
    assert group.word_list() == ["稳评", "社会稳定风险评估"]
    page = keeper_client.get(response["Location"]).content.decode()
    assert "稳评" in page and "社会稳定风险评估" in page


@pytest.mark.parametrize("words, message", [
    ("环评", "请至少填写两个不同的词"),
    ("环境影响评价，环境评价", "已在启用的同义词组“环评 = 环境影响评价”中"),
    ("水保\n" + "水" * 31, "超过 30 个字"),
])
def test_a_refused_group_keeps_the_input_and_says_why_beside_the_field(keeper_client, group, words, message):
    before = _writes()
    response = keeper_client.post(reverse("search_regulator:synonym_create"),
                                  {"words": words, "note": "我的说明", "reason": "新增"})
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors["words"])
    page = response.content.decode()
    assert message in page and "我的说明" in page and words.splitlines()[0] in page
    assert _writes() == before


def test_an_edit_without_a_reason_is_refused_beside_the_reason(keeper_client, group):
    before = _writes()
    response = keeper_client.post(reverse("search_regulator:synonym_edit", args=[group.pk]),
                                  {"words": "环评\n环境评价", "note": "", "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert "环境评价" in response.content.decode()
    assert _writes() == before


def test_the_edit_form_starts_from_the_group(keeper_client, group):
    response = keeper_client.get(reverse("search_regulator:synonym_edit", args=[group.pk]))
    assert response.context["form"].initial == {"words": "环评\n环境影响评价", "note": "行业常用简称"}


def test_disable_then_enable_from_the_pages(keeper_client, group):
    url = reverse("search_regulator:synonym_active", args=[group.pk])
    assert "停用同义词组" in keeper_client.get(url).content.decode()
    assert keeper_client.post(url, {"reason": "暂停"}).status_code == 302
    group.refresh_from_db()
    assert not group.is_active
    assert "启用同义词组" in keeper_client.get(url).content.decode()
    response = keeper_client.post(url, {"reason": ""})
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    assert keeper_client.post(url, {"reason": "恢复"}).status_code == 302
    group.refresh_from_db()
    assert group.is_active


def test_the_history_shows_who_when_what_and_why(keeper_client, keeper, group):
    update_synonym_group(actor=keeper, group=group, words="环评\n环境影响评价\n环境影响报告", note="",
                         reason="报告书也常被叫作环评")
    response = keeper_client.get(reverse("search_regulator:synonym_history", args=[group.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    [changed, created] = response.context["history"]
    assert changed["kind"] == "changed" and changed["reason"] == "报告书也常被叫作环评"
    assert {change["label"] for change in changed["changes"]} == {"同义词", "说明"}
    assert changed["changes"][0]["new"] == "环评 = 环境影响评价 = 环境影响报告"
    assert created["kind"] == "created" and created["reason"] == "新增同义词组"
    assert "报告书也常被叫作环评" in page and "环境影响报告" in page
    assert keeper.regulator.department.name in page


def test_the_table_is_searched_by_any_word_and_by_state(keeper_client, keeper, group):
    create_synonym_group(actor=keeper, words="水保\n水土保持")
    url = reverse("search_regulator:synonyms")
    page = keeper_client.get(url, {"q": "環境影響"}).content.decode()
    assert "环境影响评价" in page and "水土保持" not in page
    assert list(keeper_client.get(url, {"q": "水土"}).context["page"].object_list) == [
        SynonymGroup.objects.get(words__startswith="水保")]
    assert not keeper_client.get(url, {"state": "inactive"}).context["page"].object_list
    assert keeper_client.get(url, {"state": "nonsense"}).status_code == 200


def test_a_regulator_who_keeps_no_catalogue_reads_the_table_without_the_buttons(client, group):
    client.force_login(make_actor("regulator"))
    page = client.get(reverse("search_regulator:synonyms")).content.decode()
    assert "环境影响评价" in page
    assert f'href="{reverse("search_regulator:synonym_create")}"' not in page
    assert f'href="{reverse("search_regulator:synonym_edit", args=[group.pk])}"' not in page
    assert f'href="{reverse("search_regulator:synonym_history", args=[group.pk])}"' in page


def test_the_table_costs_the_same_queries_however_many_groups(keeper_client, keeper):
    url = reverse("search_regulator:synonyms")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert keeper_client.get(url).status_code == 200
        return len(captured)

    create_synonym_group(actor=keeper, words="水保\n水土保持")
    queries()  # the first request of a session reads what later ones find cached
    few = queries()
    for n in range(10):
        create_synonym_group(actor=make_actor("keeper"), words=f"简称{n}\n全称{n}")
    assert queries() == few


def test_an_unknown_group_is_a_404(keeper_client):
    assert keeper_client.get(reverse("search_regulator:synonym_edit", args=[987654])).status_code == 404


def test_the_regulators_menu_offers_the_table(client, group):
    from core import navigation
    from search import wiring

    wiring.connect()  # SearchConfig.ready() calls it; calling it again adds nothing
    links = [link for link in navigation._links["regulator"] if link.url == "search_regulator:synonyms"]
    assert len(links) == 1
    client.force_login(make_actor("regulator"))
    page = client.get(reverse("search_regulator:synonyms")).content.decode()
    assert f'href="{reverse("search_regulator:synonyms")}"' in page
