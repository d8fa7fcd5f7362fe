"""Generation from the award and the template; the owner edits only the marked fields; each
round of offer and return is kept."""
import hashlib

import pytest

from audit.models import AuditEntry
from bidding.models import Job
from contracts.errors import (
    AgencyOnly,
    CommentsRequired,
    ContractExists,
    LockedField,
    MilestonePlanInvalid,
    MilestonesDoNotAddUp,
    NotAwarded,
    NotEditable,
    NoTemplate,
    OwnerOnly,
    UnfairSpecialTerms,
)
from contracts.models import Contract, ContractRound, ContractTemplate, TemplateVersion
from contracts.services import drafting

from .conftest import TERMS, plan
from .helpers import drafted, notices_to, offered

pytestmark = pytest.mark.django_db


def test_generated_from_the_award_and_the_template(scene, template):
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    assert contract.template_version.template == template
    assert contract.agency == scene.winner.agency and contract.owner == scene.job.owner
    assert contract.price_fen == 6_000_000
    assert contract.values["agency_name"] == scene.winner.agency.name
    assert contract.values["price"] == "60,000.00"
    assert contract.values["service_days"] == "15"
    assert sum(int(float(m["amount"]) * 100) for m in contract.milestone_plan) == 6_000_000


def test_the_item_template_wins_over_the_general_one(scene):
    from .conftest import publish_template

    specific = publish_template("ZJ-HT-HJ", category=scene.job.item.category)
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    assert contract.template_version.template == specific


@pytest.mark.parametrize("who", ["agency_user", "outsider"])
def test_only_the_owner_generates(scene, who):
    entries = AuditEntry.objects.count()
    with pytest.raises(OwnerOnly):
        drafting.contract_create(actor=getattr(scene, who), job=scene.job)
    assert not Contract.objects.exists() and AuditEntry.objects.count() == entries


def test_not_before_the_award(scene):
    Job.objects.filter(pk=scene.job.pk).update(status=Job.Status.PUBLICITY)
    with pytest.raises(NotAwarded):
        drafting.contract_create(actor=scene.owner_user, job=scene.job)
    assert not Contract.objects.exists()


def test_one_live_contract_per_job(scene):
    drafting.contract_create(actor=scene.owner_user, job=scene.job)
    with pytest.raises(ContractExists):
        drafting.contract_create(actor=scene.owner_user, job=scene.job)
    assert Contract.objects.count() == 1


def test_no_template_no_contract(scene):
    TemplateVersion.objects.update(status=TemplateVersion.Status.WITHDRAWN)
    with pytest.raises(NoTemplate):
        drafting.contract_create(actor=scene.owner_user, job=scene.job)
    assert not Contract.objects.exists()
    assert ContractTemplate.objects.count() == 1


@pytest.mark.parametrize("field", ["price", "agency_name", "owner_name", "project_name", "breach", "milestones"])
def test_a_locked_field_cannot_be_edited(scene, field):
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    before = dict(contract.values)
    with pytest.raises(LockedField):
        drafting.contract_update(actor=scene.owner_user, contract=contract, values={**TERMS, field: "1"},
                                 milestone_plan=plan("60000"))
    contract.refresh_from_db()
    assert contract.values == before


def test_milestones_must_sum_to_the_price(scene):
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    with pytest.raises(MilestonesDoNotAddUp) as refused:
        drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS,
                                 milestone_plan=plan("20000", "39999.99"))
    assert "59,999.99" in str(refused.value) or "59999.99" in str(refused.value)
    assert "60000.00" in str(refused.value)
    contract.refresh_from_db()
    assert len(contract.milestone_plan) == 1


@pytest.mark.parametrize("amount", ["0.001", "-1", "abc", "NaN", "Infinity", "0", ""])
def test_milestone_amounts_are_money(scene, amount):
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    with pytest.raises(MilestonePlanInvalid):
        drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS,
                                 milestone_plan=plan(amount, "60000"))


def test_an_exact_split_in_fen_is_accepted(scene):
    contract = drafted(scene, amounts=("20000.01", "19999.99", "20000"))
    assert [m["amount"] for m in contract.milestone_plan] == ["20000.01", "19999.99", "20000.00"]


def test_unfair_special_terms_are_refused_with_the_quote(scene):
    contract = drafting.contract_create(actor=scene.owner_user, job=scene.job)
    unfair = "乙方逾期的，违约金不设上限。"
    with pytest.raises(UnfairSpecialTerms) as refused:
        drafting.contract_update(actor=scene.owner_user, contract=contract,
                                 values={**TERMS, "special_terms": unfair}, milestone_plan=plan("60000"))
    assert "违约金不设上限" in str(refused.value)
    contract.refresh_from_db()
    assert contract.values["special_terms"] != unfair


def test_offer_fixes_the_exact_text_and_its_hash(scene):
    contract = offered(scene, amounts=("24000", "36000"))
    assert contract.status == Contract.Status.OFFERED
    assert contract.text_hash == hashlib.sha256(contract.text.encode("utf-8")).hexdigest()
    assert scene.winner.agency.name in contract.text and "36000.00" in contract.text
    assert TERMS["deliverables"] in contract.text
    assert contract.sign_deadline is not None
    assert any("合同待签署" in title for title in notices_to(scene.agency_user))


def test_offered_text_cannot_be_edited(scene):
    contract = offered(scene)
    with pytest.raises(NotEditable):
        drafting.contract_update(actor=scene.owner_user, contract=contract, values=TERMS,
                                 milestone_plan=plan("60000"))


def test_the_agency_returns_with_comments_and_every_round_is_kept(scene):
    contract = offered(scene)
    with pytest.raises(CommentsRequired):
        drafting.contract_return(actor=scene.agency_user, contract=contract, comments="  ")
    with pytest.raises(AgencyOnly):  # the owner cannot return its own offer
        drafting.contract_return(actor=scene.owner_user, contract=contract, comments="x")
    drafting.contract_return(actor=scene.agency_user, contract=contract, comments="请将验收期限改为 7 个工作日。")
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT
    drafting.contract_update(actor=scene.owner_user, contract=contract, values={**TERMS, "acceptance_days": "7"},
                             milestone_plan=plan("60000"))
    contract = drafting.contract_offer(actor=scene.owner_user, contract=contract)
    rounds = list(ContractRound.objects.filter(contract=contract).order_by("number"))
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].comments == "请将验收期限改为 7 个工作日。" and rounds[0].returned_at
    assert rounds[0].text_hash != rounds[1].text_hash and contract.text_hash == rounds[1].text_hash
