"""Scores follow events through the task interface: the services that record events only write
their audit entries; once they commit, the trigger (reviews/credit/triggers.py) recomputes the
organisations concerned (tasks run at once in the tests). A rolled-back change recomputes nothing."""
import copy
import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from contracts.services.refusal import refusal_record_if_due
from providers.models import Organisation, Region
from providers.services.registration import owner_register
from reviews.credit.rulesets import current_ruleset
from reviews.credit.triggers import organisations_concerned
from reviews.services.credit_actions import credit_action_record
from reviews.services.reviews import review_submit
from reviews.services.rulesets import ruleset_publish
from tests.factories import AgencyFactory, ContractFactory, MembershipFactory, RegulatorFactory, UserFactory
from tests.factories.credit import contract_between
from tests.providers.helpers import agency_data

pytestmark = pytest.mark.django_db
AGENCY_SCORES = {"quality": 5, "timeliness": 5, "attitude": 5, "fee_compliance": 5}
OWNER_SCORES = {"payment_timeliness": 2, "cooperation": 2, "integrity": 2}


def stored(org):
    return Organisation.objects.get(pk=org.pk)


def test_a_review_recomputes_both_sides_once_it_is_shown(django_capture_on_commit_callbacks):
    contract = contract_between(deliverables_filed_at=timezone.now() - datetime.timedelta(days=1))
    owner_user = MembershipFactory(organisation=contract.owner).user
    agency_user = MembershipFactory(organisation=contract.agency).user
    with django_capture_on_commit_callbacks(execute=True):
        review_submit(actor=owner_user, contract=contract, scores=AGENCY_SCORES, text="很好")
    agency = stored(contract.agency)
    # computed, but the review is still blind: it does not count yet
    assert agency.credit_rule_version == current_ruleset().version and agency.credit_score == Decimal("80.00")
    with django_capture_on_commit_callbacks(execute=True):
        review_submit(actor=agency_user, contract=contract, scores=OWNER_SCORES, text="付款慢")
    assert stored(contract.agency).credit_score == Decimal("88.00")  # (5 − 3) × 4
    assert stored(contract.owner).credit_score == Decimal("76.00")   # (2 − 3) × 4
    assert stored(contract.agency).rating_average == Decimal("5.00")


def test_a_refusal_to_sign_recomputes_the_agency(django_capture_on_commit_callbacks):
    now = timezone.now()
    contract = ContractFactory(offered=True, sign_deadline=now - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert refusal_record_if_due(contract.pk, now=now)
    assert stored(contract.agency).credit_score == Decimal("70.00")


def test_a_regulators_penalty_recomputes_the_organisation(django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        credit_action_record(actor=RegulatorFactory().user, organisation=agency, kind="penalty", level="serious",
                             facts="出具虚假报告。", legal_basis="《评估法》第五十条")
    assert stored(agency).credit_score == Decimal("65.00")


def test_a_new_organisation_gets_the_rules_score_at_registration(django_capture_on_commit_callbacks):
    deyang = Region.objects.get(code="510603")
    with django_capture_on_commit_callbacks(execute=True):
        owner = owner_register(actor=UserFactory(), data=agency_data(deyang, owner_type=Organisation.OwnerType.PRIVATE))
    owner = stored(owner)
    version = current_ruleset().version
    assert (owner.credit_score, owner.credit_rule_version, owner.rating_average) == (Decimal("80.00"), version,
                                                                                       Decimal("4.00"))


def test_a_new_rule_set_recomputes_everyone(django_capture_on_commit_callbacks):
    agencies = [AgencyFactory() for _ in range(3)]
    shipped = current_ruleset()
    rules = copy.deepcopy(shipped.rules)
    rules["agency"]["base"] = 70
    with django_capture_on_commit_callbacks(execute=True):
        ruleset_publish(actor=RegulatorFactory().user, rules=rules, note="基础分调整为 70。")
    assert {(a.credit_score, a.credit_rule_version) for a in map(stored, agencies)} == {
        (Decimal("70.00"), shipped.version + 1)}


def test_a_rolled_back_event_recomputes_nothing(django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    regulator = RegulatorFactory().user
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            credit_action_record(actor=regulator, organisation=agency, kind="penalty", level="grave",
                                 facts="事实", legal_basis="依据")
            raise RuntimeError
    assert callbacks == []
    assert stored(agency).credit_rule_version is None


def test_entries_map_to_the_organisations_concerned():
    contract = contract_between()
    assert organisations_concerned({("contracts.contract", str(contract.pk))}) == {contract.owner_id,
                                                                                     contract.agency_id}
    assert organisations_concerned({("providers.organisation", "7")}) == {7}
    assert organisations_concerned({("reviews.ruleset", "2"), ("contracts.contract", str(contract.pk))}) == "*"
    assert organisations_concerned({("bidding.job", str(contract.job_id))}) == {contract.owner_id,
                                                                               contract.agency_id}
