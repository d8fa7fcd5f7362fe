"""The rule set as configuration: a regulator publishes a new version (the next number, audited),
a rule set that cannot be used is refused with a clear message and nothing written, and the
regulators' pages show the rules as tables, every version, and a form of labelled numbers."""
import copy

import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from reviews.credit.rulesets import current_rules, current_ruleset
from reviews.errors.credit import CreditRegulatorOnly, RuleSetNoteRequired, RuleSetRefused
from reviews.models import RuleSet
from reviews.services.rulesets import ruleset_publish
from tests.factories import RegulatorFactory, UserFactory
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def regulator():
    return RegulatorFactory().user


def rules_with(**changes):
    rules = copy.deepcopy(current_rules())
    for path, value in changes.items():
        *parents, key = path.split("__")
        node = rules
        for part in parents:
            node = node[part]
        node[key] = value
    return rules


def test_a_regulator_publishes_the_next_version(regulator):
    shipped = current_ruleset().version  # the newest version the migrations ship
    ruleset = ruleset_publish(actor=regulator, rules=rules_with(agency__watch_below=70), note="重点关注线提高。")
    assert ruleset.version == shipped + 1 and current_ruleset() == ruleset
    assert current_rules()["agency"]["watch_below"] == 70
    entry = AuditEntry.objects.get(action=Action.CREDIT_RULESET_PUBLISH)
    assert entry.actor_id == regulator.pk and entry.after["version"] == shipped + 1
    assert ruleset_publish(actor=regulator, rules=current_rules(), note="再版。").version == shipped + 2
    assert RuleSet.objects.get(version=1).rules["agency"]["watch_below"] == 65  # versions never change


@pytest.mark.parametrize("changes,message,field", [
    ({"agency__grades__B": 92}, "中介机构的等级分数线重叠：A 须高于 B，B 须高于 C。", None),
    ({"owner__grades__C": 80}, "项目业主的等级分数线重叠：A 须高于 B，B 须高于 C。", None),
    ({"agency__suspend_below": 70}, "中介机构的暂停参与选取线不能高于重点关注线。", None),
    ({"agency__base": 150}, "“中介机构 › 基础分”超出允许的范围。", "agency__base"),
    ({"agency__events__review__per_star": "四"},
     "“中介机构 › 事件 › 双方评价 › 每高于或低于中性评分 1 分的分值”须填写数字。", "agency__events__review__per_star"),
    ({"review__window_days": 0}, "“双方评价 › 评价期限（天）”超出允许的范围。", "review__window_days"),
])
def test_an_unusable_rule_set_is_refused_with_a_clear_message_and_nothing_written(regulator, changes, message,
                                                                                   field):
    with pytest.raises(RuleSetRefused) as refused, nothing_written(RuleSet):
        ruleset_publish(actor=regulator, rules=rules_with(**changes), note="调整。")
    assert str(refused.value) == message
    if field:
        assert refused.value.field == field


def test_only_a_regulator_on_duty_publishes_and_only_with_a_note(regulator):
    with pytest.raises(CreditRegulatorOnly), nothing_written(RuleSet):
        ruleset_publish(actor=UserFactory(), rules=current_rules(), note="调整。")
    with pytest.raises(CreditRegulatorOnly), nothing_written(RuleSet):
        ruleset_publish(actor=RegulatorFactory(is_active=False).user, rules=current_rules(), note="调整。")
    with pytest.raises(RuleSetNoteRequired), nothing_written(RuleSet):
        ruleset_publish(actor=regulator, rules=current_rules(), note="  ")


# --- the pages --------------------------------------------------------------------------------

def test_the_rules_page_shows_the_version_in_force_as_tables(client, regulator):
    client.force_login(regulator)
    page = client.get(reverse("reviews_regulator:credit_rules"))
    assert page.status_code == 200
    text = page.content.decode()
    for words in ("第 1 版", "基础分", "重点关注线", "中选后拒签合同", "以 3 分为中性", "一般 -5 / 较重 -15 / 严重 -30",
                  "730 天", "历史版本"):
        assert words in text, words


def test_the_form_publishes_a_version_from_labelled_numbers(client, regulator):
    client.force_login(regulator)
    url = reverse("reviews_regulator:credit_rules_publish")
    shipped = current_ruleset().version
    form = client.get(url).context["form"]
    assert form["agency__grades__A"].value() == 90 and "A 级分数线" in str(form["agency__grades__A"].label)
    data = {name: form[name].value() for name in form.fields}
    data.update({"agency__events__signing_refusal__points": "-12.5", "note": "拒签扣分加重。"})
    response = client.post(url, data)
    assert response.status_code == 302
    ruleset = current_ruleset()
    assert ruleset.version == shipped + 1 and ruleset.note == "拒签扣分加重。"
    assert ruleset.rules["agency"]["events"]["signing_refusal"]["points"] == -12.5
    # every other number is the one the form started from, as the engine reads it
    unchanged = copy.deepcopy(ruleset.rules)
    unchanged["agency"]["events"]["signing_refusal"]["points"] = -10
    base = copy.deepcopy(RuleSet.objects.get(version=shipped).rules)
    for profile in ("agency", "owner"):
        for rule in base[profile]["events"].values():
            for key, default in (("weight", 1), ("half_life_days", 0), ("cap_gain", 100), ("cap_loss", 100)):
                rule.setdefault(key, default)
    assert unchanged == base
    page = client.get(reverse("reviews_regulator:credit_rules_version", args=[1]))
    assert page.status_code == 200 and "现行" in page.content.decode()


def test_the_form_shows_a_refusal_next_to_its_field_and_keeps_the_input(client, regulator):
    client.force_login(regulator)
    url = reverse("reviews_regulator:credit_rules_publish")
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({"agency__grades__B": "95", "agency__base": "101", "note": "试一试"})
    with nothing_written(RuleSet):
        response = client.post(url, data)
    assert response.status_code == 400
    assert "“中介机构 › 基础分”超出允许的范围。" in response.context["form"].errors["agency__base"]
    assert 'value="101"' in response.content.decode()
    data["agency__base"] = "80"
    response = client.post(url, data)
    assert "中介机构的等级分数线重叠：A 须高于 B，B 须高于 C。" in response.context["form"].non_field_errors()


def test_the_pages_are_for_regulators_only(client):
    client.force_login(UserFactory())
    for name in ("credit_rules", "credit_rules_publish", "credit_actions"):
        assert client.get(reverse(f"reviews_regulator:{name}")).status_code == 403
    assert client.get(reverse("reviews_regulator:credit_rules_version", args=[1])).status_code == 403
