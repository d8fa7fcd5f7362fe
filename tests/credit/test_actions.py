"""Regulators' credit records (penalties and commendations): recorded by a regulator on duty,
audited, the organisation told; refused with nothing written otherwise; the regulator's page."""
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from providers.models import Organisation
from reviews.errors.credit import (
    CreditActionBasisRequired,
    CreditActionFactsRequired,
    CreditActionLevelInvalid,
    CreditRegulatorOnly,
)
from reviews.models import CreditAction
from reviews.services.credit_actions import credit_action_record
from tests.factories import AgencyFactory, MembershipFactory, OwnerFactory, RegulatorFactory, UserFactory
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def regulator():
    return RegulatorFactory().user


def test_a_regulator_records_a_penalty_and_the_agency_is_told(regulator):
    agency = AgencyFactory()
    member = MembershipFactory(organisation=agency).user
    action = credit_action_record(actor=regulator, organisation=agency, kind="penalty", level="grave",
                                  facts="  出具虚假评估报告。 ", legal_basis="《资产评估法》第四十七条")
    assert (action.kind, action.level, action.facts, action.decided_by) == ("penalty", "grave", "出具虚假评估报告。",
                                                                            regulator)
    entry = AuditEntry.objects.get(action=Action.CREDIT_ACTION_RECORD)
    assert entry.actor_id == regulator.pk and entry.after["level"] == "grave"
    notice = Notice.objects.get(user=member)
    assert "监管处理（严重）" in notice.title and "出具虚假评估报告" in notice.body


def test_a_commendation_has_no_level_and_owners_get_records_too(regulator):
    owner = OwnerFactory()
    action = credit_action_record(actor=regulator, organisation=owner, kind="commendation", level="",
                                  facts="按时足额支付服务费，获评诚信业主。", legal_basis="市政府通报")
    assert (action.kind, action.level) == ("commendation", "minor")


@pytest.mark.parametrize("actor,kind,level,facts,basis,error", [
    ("user", "penalty", "minor", "事实", "依据", CreditRegulatorOnly),
    ("regulator", "penalty", "awful", "事实", "依据", CreditActionLevelInvalid),
    ("regulator", "penalty", "minor", " ", "依据", CreditActionFactsRequired),
    ("regulator", "commendation", "", "事实", "", CreditActionBasisRequired),
])
def test_refusals_write_nothing(regulator, actor, kind, level, facts, basis, error):
    agency = AgencyFactory()
    actor = regulator if actor == "regulator" else UserFactory()
    with pytest.raises(error), nothing_written(CreditAction):
        credit_action_record(actor=actor, organisation=agency, kind=kind, level=level, facts=facts,
                             legal_basis=basis)


def test_the_page_records_by_uscc_and_recomputes(client, regulator, django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    client.force_login(regulator)
    url = reverse("reviews_regulator:credit_actions")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"uscc": agency.uscc.lower(), "kind": "penalty", "level": "serious",
                                     "facts": "超出承诺时限且未说明理由。", "legal_basis": "服务承诺书"})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=agency.pk).credit_score == Decimal("65.00")
    page = client.get(url)
    assert "超出承诺时限且未说明理由。" in page.content.decode() and agency.name in page.content.decode()


def test_an_unknown_uscc_is_refused_next_to_its_field(client, regulator):
    client.force_login(regulator)
    with nothing_written(CreditAction):
        response = client.post(reverse("reviews_regulator:credit_actions"), {
            "uscc": "91510600MA00000000", "kind": "penalty", "level": "minor", "facts": "事实", "legal_basis": "依据"})
    assert response.status_code == 400
    assert response.context["form"].errors["uscc"] == ["平台上没有这个统一社会信用代码的机构。"]
