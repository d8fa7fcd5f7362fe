"""The regulator's fee-rule editor: who may use it, what a save records, what it refuses."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from marketplace import errors
from marketplace.models import FeeRule
from marketplace.services.fees import fee_rule_save
from tests.factories import RegulatorFactory, UserFactory

EFFECTIVE = datetime.date(2026, 1, 1)


def url(code):
    return reverse("regulator:fee_rule_edit", kwargs={"code": code})


def rows(prefix, values):
    """Formset POST data for `values` (a list of dicts) plus two spare blank rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(values) + 2),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(values):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return data


def post_data(bands, coefficients=(), **fields):
    data = {
        "legal_basis": "川发改价格〔2025〕1号",
        "quantity_label": "项目总投资",
        "quantity_unit": "万元",
        "mode": "progressive",
        "minimum_fee": "3000",
        "maximum_fee": "",
        "note": "",
        "effective_from": EFFECTIVE.isoformat(),
        "reason": "依据省发展改革委文件制定",
        **fields,
    }
    data.update(rows("bands", bands))
    data.update(rows("coefficients", list(coefficients)))
    return data


GOOD_BANDS = [
    {"lower": "0", "upper": "1000", "rate": "10", "fixed": ""},
    {"lower": "1000", "upper": "5000", "rate": "6", "fixed": ""},
    {"lower": "5000", "upper": "", "rate": "3", "fixed": ""},
]
COMPLEXITY = {"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1.0"}


# --- who may edit ---------------------------------------------------------------------------

def test_an_anonymous_visitor_is_sent_to_log_in(client, item):
    response = client.get(url(item.code))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_user_who_is_not_a_regulator_is_refused(client, item):
    client.force_login(UserFactory())

    assert client.get(url(item.code)).status_code == 403
    assert client.post(url(item.code), post_data(GOOD_BANDS)).status_code == 403
    assert not FeeRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_regulator_outside_the_items_category_is_refused(client, item, outsider_regulator):
    client.force_login(outsider_regulator.user)

    assert client.get(url(item.code)).status_code == 403
    assert client.post(url(item.code), post_data(GOOD_BANDS)).status_code == 403
    assert not FeeRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_inactive_regulator_is_refused(client, item, category):
    former = RegulatorFactory(is_active=False)
    former.categories.add(category)
    client.force_login(former.user)

    assert client.get(url(item.code)).status_code == 403


def test_a_regulator_without_two_factor_login_is_sent_to_set_it_up(client, item, category):
    regulator = RegulatorFactory(totp=False)
    regulator.categories.add(category)
    client.force_login(regulator.user)

    response = client.get(url(item.code))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_an_unknown_item_is_not_found(client, regulator):
    client.force_login(regulator.user)

    assert client.get(url("NO-SUCH")).status_code == 404


# --- what a save records ------------------------------------------------------------------------

def test_the_editor_shows_the_current_rule_in_its_rows(client, regulator, rule):
    client.force_login(regulator.user)

    response = client.get(url(rule.item.code))

    assert response.status_code == 200
    bands = response.context["bands"]
    assert [form.initial for form in bands.initial_forms] == [
        {"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
        {"lower": "1000", "upper": "", "rate": "5", "fixed": "0"},
    ]
    assert len(bands.forms) == 10  # 2 filled + 8 blank rows to add bands without JavaScript


def test_a_valid_save_creates_the_rule_as_a_version_with_its_effective_date_and_an_audit_entry(
    client, regulator, item
):
    client.force_login(regulator.user)

    response = client.post(url(item.code), post_data(GOOD_BANDS, [COMPLEXITY]))

    assert response.status_code == 302
    rule = FeeRule.objects.get(item=item)
    assert rule.bands == [
        {"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
        {"lower": "1000", "upper": "5000", "rate": "6", "fixed": "0"},
        {"lower": "5000", "upper": None, "rate": "3", "fixed": "0"},
    ]
    assert rule.coefficients == [{**COMPLEXITY, "default": "1"}]
    assert rule.minimum_fee == Decimal("3000.00")
    version = rule.history.get()
    assert version.history_type == "+"
    assert version.effective_from == EFFECTIVE
    assert version.history_user == regulator.user
    assert version.history_change_reason == "依据省发展改革委文件制定"
    entry = AuditEntry.objects.get(action=Action.FEE_RULE_CREATE)
    assert entry.actor_id == regulator.user.pk
    assert entry.object_id == str(rule.pk)
    assert entry.before is None
    assert entry.after["bands"] == rule.bands
    assert entry.after["effective_from"] == "2026-01-01"


def test_a_change_adds_a_version_and_audits_before_and_after(client, regulator, rule):
    client.force_login(regulator.user)
    versions_before = rule.history.count()

    response = client.post(url(rule.item.code), post_data(GOOD_BANDS, minimum_fee="5000"))

    assert response.status_code == 302
    rule.refresh_from_db()
    assert len(rule.bands) == 3
    assert rule.history.count() == versions_before + 1
    assert rule.history.first().effective_from == EFFECTIVE
    entry = AuditEntry.objects.get(action=Action.FEE_RULE_UPDATE)
    assert entry.before["bands"][1] == {"lower": "1000", "upper": None, "rate": "5", "fixed": "0"}
    assert entry.after["bands"][1] == {"lower": "1000", "upper": "5000", "rate": "6", "fixed": "0"}
    assert entry.after["reason"] == "依据省发展改革委文件制定"


# --- what it refuses ------------------------------------------------------------------------------

def test_bands_with_a_gap_are_refused_next_to_the_bands_and_nothing_changes(client, regulator, rule):
    client.force_login(regulator.user)
    bands_before, versions_before = rule.bands, rule.history.count()
    gap = [
        {"lower": "0", "upper": "1000", "rate": "10", "fixed": ""},
        {"lower": "1500", "upper": "", "rate": "6", "fixed": ""},
    ]

    response = client.post(url(rule.item.code), post_data(gap))

    assert response.status_code == 200
    assert response.context["bands"].non_form_errors() == [
        "第2档下限 1500 与第1档上限 1000 不衔接，档次之间不能有空档。"
    ]
    assert "第2档下限 1500 与第1档上限 1000 不衔接" in response.content.decode()
    assert 'value="1500"' in response.content.decode()  # what was typed is kept
    rule.refresh_from_db()
    assert rule.bands == bands_before
    assert rule.history.count() == versions_before
    assert not AuditEntry.objects.exists()


def test_a_bad_coefficient_and_a_minimum_above_the_maximum_are_each_shown_where_they_belong(
    client, regulator, item
):
    client.force_login(regulator.user)

    response = client.post(
        url(item.code),
        post_data(GOOD_BANDS, [{**COMPLEXITY, "default": "1.5"}], minimum_fee="9000", maximum_fee="8000"),
    )

    assert response.status_code == 200
    assert response.context["coefficients"].non_form_errors() == [
        "调整系数“复杂程度调整系数”的默认值 1.5 不在 0.8～1.2 之间。"
    ]
    assert response.context["form"].errors["maximum_fee"] == ["最低收费 9000 元高于最高收费 8000 元。"]
    assert not FeeRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_save_without_effective_date_or_reason_is_refused(client, regulator, item):
    client.force_login(regulator.user)

    response = client.post(url(item.code), post_data(GOOD_BANDS, effective_from="", reason=""))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"effective_from", "reason"}
    assert not FeeRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_save_that_changes_nothing_is_refused_on_the_editor_keeping_the_input(client, regulator, rule):
    client.force_login(regulator.user)
    same = [{"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
            {"lower": "1000", "upper": "", "rate": "5", "fixed": "0"}]
    versions_before = rule.history.count()

    data = post_data(same, legal_basis=rule.legal_basis, minimum_fee="5000", reason="重复保存")
    data["bands-INITIAL_FORMS"] = "2"  # as the editor's page sends it: the rule's two bands were shown

    response = client.post(url(rule.item.code), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["没有任何修改，未生成新版本。"]
    assert "重复保存" in response.content.decode()  # what was typed is kept
    assert rule.history.count() == versions_before
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_a_regulator_of_another_category(outsider_regulator, item):
    with pytest.raises(errors.FeeRuleNotSupervised) as refused:
        fee_rule_save(
            actor=outsider_regulator.user, item=item, effective_from=EFFECTIVE, reason="越权修改",
            data={"legal_basis": "x", "quantity_label": "投资", "quantity_unit": "万元",
                  "mode": "progressive", "bands": [{"lower": "0", "upper": None, "rate": "1"}]},
        )

    assert str(refused.value) == "您只能维护您监管类别内事项的收费标准。"
    assert not FeeRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_a_save_that_changes_nothing(regulator, rule):
    data = {name: getattr(rule, name) for name in (
        "legal_basis", "quantity_label", "quantity_unit", "mode", "bands", "coefficients",
        "minimum_fee", "maximum_fee", "note",
    )}
    versions_before = rule.history.count()

    with pytest.raises(errors.FeeRuleUnchanged) as refused:
        fee_rule_save(actor=regulator.user, item=rule.item, data=data, effective_from=EFFECTIVE, reason="重复保存")

    assert str(refused.value) == "没有任何修改，未生成新版本。"

    assert rule.history.count() == versions_before
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_anyone_but_a_regulator_on_duty(item):
    with pytest.raises(errors.NotAFeeRuleRegulator) as refused:
        fee_rule_save(
            actor=UserFactory(), item=item, effective_from=EFFECTIVE, reason="越权修改",
            data={"legal_basis": "x", "quantity_label": "投资", "quantity_unit": "万元",
                  "mode": "progressive", "bands": [{"lower": "0", "upper": None, "rate": "1"}]},
        )

    assert str(refused.value) == "只有在岗的监管人员可以维护收费标准。"
    assert not FeeRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_service_lists_every_problem_of_a_rule_by_part(regulator, item):
    with pytest.raises(errors.FeeRuleInvalid) as refused:
        fee_rule_save(
            actor=regulator.user, item=item, effective_from=EFFECTIVE, reason="录入",
            data={"legal_basis": "x", "quantity_label": "投资", "quantity_unit": "万元",
                  "mode": "flat", "bands": [], "minimum_fee": "-1"},
        )

    assert set(refused.value.errors) == {"mode", "bands", "minimum_fee"}
    assert [problem.field for problem in refused.value.problems] == ["mode", "bands", "minimum_fee"]
    assert str(refused.value).startswith("请选择计费方式（差额定率累进或分档计费）。；")
    assert not FeeRule.objects.exists()
    assert not AuditEntry.objects.exists()
