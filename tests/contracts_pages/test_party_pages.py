"""The parties' pages: each renders for the owner's and the agency's members, answers 404 to
anyone else and sends the anonymous visitor to the login."""
import pytest
from django.urls import reverse

from contracts.models import Contract
from tests.factories import ContractFactory, ContractRoundFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"contracts:{name}", args=args)


def test_the_list_shows_each_partys_contracts(scene, login):
    page = login(scene.owner_user).get(_url("contracts"))
    assert page.status_code == 200
    text = page.content.decode()
    assert scene.signed.number in text and scene.draft.number in text
    page = login(scene.agency_user).get(_url("contracts"))
    assert scene.signed.number in page.content.decode()


def test_the_list_offers_to_generate_the_contract_of_an_awarded_job(scene, login):
    refused = ContractFactory(status=Contract.Status.REFUSED, job__owner=scene.signed.owner)
    text = login(scene.owner_user).get(_url("contracts")).content.decode()
    assert reverse("contracts:contract_create", args=[refused.job.pk]) in text
    assert reverse("contracts:contract_create", args=[scene.draft.job.pk]) not in text  # it has a live one


def test_an_outsider_sees_no_contract(scene, login):
    page = login(scene.outsider).get(_url("contracts"))
    assert page.status_code == 200
    assert scene.signed.number not in page.content.decode()


@pytest.mark.parametrize("name", ["contract", "contract_edit"])
def test_contract_pages_are_404_for_outsiders_and_a_login_for_visitors(scene, client, login, name):
    url = _url(name, scene.draft.pk)
    assert client.get(url).status_code == 302
    assert login(scene.outsider).get(url).status_code == 404
    assert login(scene.regulator).get(url).status_code == 404


def test_the_signed_contract_page_for_both_sides(scene, login):
    url = _url("contract", scene.signed.pk)
    owner_page = login(scene.owner_user).get(url)
    assert owner_page.status_code == 200
    text = owner_page.content.decode()
    assert scene.signed.text_hash in text
    assert "203.0.113.7" not in text  # the signer's IP stays in the record, for regulators
    assert reverse("contracts:delivery_accept", args=[scene.delivery.pk]) in text
    assert reverse("contracts_files:delivery_file", args=[scene.delivery_file.pk]) in text
    assert reverse("contracts_files:payment_voucher", args=[scene.voucher.pk]) in text
    assert reverse("contracts:termination_propose", args=[scene.signed.pk]) in text
    agency_text = login(scene.agency_user).get(url).content.decode()
    assert reverse("contracts:delivery_accept", args=[scene.delivery.pk]) not in agency_text
    assert reverse("contracts:service_start", args=[scene.signed.pk]) in agency_text


def test_the_draft_page_offers_the_owner_edit_and_offer(scene, login):
    text = login(scene.owner_user).get(_url("contract", scene.draft.pk)).content.decode()
    assert _url("contract_edit", scene.draft.pk) in text and _url("contract_offer", scene.draft.pk) in text


def test_the_edit_page_for_the_owner_only(scene, login):
    assert login(scene.owner_user).get(_url("contract_edit", scene.draft.pk)).status_code == 200
    agency = MembershipFactory(organisation=scene.draft.agency).user
    assert login(agency).get(_url("contract_edit", scene.draft.pk)).status_code == 302
    assert login(scene.owner_user).get(_url("contract_edit", scene.signed.pk)).status_code == 302


def test_saving_the_draft_calls_the_service(scene, login):
    data = {
        "scope": "编制报告书", "start_date": "2026-05-01", "end_date": "2026-06-30", "deliverables": "报告书",
        "acceptance_criteria": "通过审查", "acceptance_days": "7", "special_terms": "无",
        "m-TOTAL_FORMS": "3", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "12",
        "m-0-title": "首付", "m-0-amount": "20000.00", "m-0-due_date": "2026-05-15",
        "m-1-title": "尾款", "m-1-amount": "40000", "m-1-due_date": "2026-06-30",
    }
    response = login(scene.owner_user).post(_url("contract_edit", scene.draft.pk), data)
    assert response.status_code == 302
    scene.draft.refresh_from_db()
    assert scene.draft.values["acceptance_days"] == "7"
    assert scene.draft.milestone_plan == [
        {"title": "首付", "amount": "20000.00", "due_date": "2026-05-15"},
        {"title": "尾款", "amount": "40000.00", "due_date": "2026-06-30"}]


def test_a_plan_that_does_not_add_up_is_shown_with_the_form(scene, login):
    data = {"scope": "编制报告书", "m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0",
            "m-MAX_NUM_FORMS": "12", "m-0-title": "首付", "m-0-amount": "100", "m-0-due_date": "2026-05-15"}
    before = scene.draft.milestone_plan
    response = login(scene.owner_user).post(_url("contract_edit", scene.draft.pk), data)
    assert response.status_code == 400
    assert "与合同价款" in response.content.decode()
    scene.draft.refresh_from_db()
    assert scene.draft.milestone_plan == before


def test_the_offered_contract_asks_for_the_password_to_sign(db, login):
    contract = ContractFactory(offered=True)
    user = MembershipFactory(organisation=contract.agency).user
    text = login(user).get(_url("contract", contract.pk)).content.decode()
    assert "登录密码" in text and contract.text_hash in text
    assert _url("contract_sign", contract.pk) in text and _url("contract_return", contract.pk) in text


def test_a_wrong_password_does_not_sign(db, login):
    contract = ContractFactory(offered=True)
    ContractRoundFactory(contract=contract)
    user = MembershipFactory(organisation=contract.agency).user
    response = login(user).post(_url("contract_sign", contract.pk),
                                {"secret": "wrong", "seen_hash": contract.text_hash})
    assert response.status_code == 400
    assert "身份核验未通过" in response.content.decode()
    assert not contract.signatures.exists()


def test_the_payment_page_is_the_owners(scene, login):
    url = _url("payment", scene.payment.pk)
    assert login(scene.owner_user).get(url).status_code == 200
    assert login(scene.agency_user).get(url).status_code == 404
    assert login(scene.outsider).get(url).status_code == 404


def test_files_for_the_parties_and_the_supervising_regulator(scene, client, login):
    for url in (reverse("contracts_files:delivery_file", args=[scene.delivery_file.pk]),
                reverse("contracts_files:payment_voucher", args=[scene.voucher.pk])):
        client.logout()
        assert client.get(url).status_code == 302
        for user in (scene.owner_user, scene.agency_user, scene.regulator):
            response = login(user).get(url)
            assert response.status_code == 200, user
            assert response["Content-Disposition"].startswith("attachment")
        for user in (scene.outsider, scene.other_regulator):
            assert login(user).get(url).status_code == 404


def test_the_pdf_of_an_unsigned_contract_is_not_there(scene, login):
    response = login(scene.owner_user).get(_url("contract_pdf", scene.draft.pk))
    assert response.status_code == 302
    assert login(scene.outsider).get(_url("contract_pdf", scene.signed.pk)).status_code == 404


def test_a_refused_post_writes_nothing(scene, login):
    response = login(scene.agency_user).post(_url("delivery_reject", scene.delivery.pk), {"reason": "不行"})
    assert response.status_code == 400
    assert "只有项目业主" in response.content.decode()
    scene.delivery.refresh_from_db()
    assert scene.delivery.status == "submitted"
