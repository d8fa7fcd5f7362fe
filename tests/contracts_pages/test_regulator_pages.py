"""The regulator workspace: the model contracts and the supervised contracts, for active
regulators only; a contract outside the categories a regulator supervises is a 404."""
import pytest
from django.urls import reverse

from contracts.models import ContractTemplate, TemplateVersion
from tests.factories import RegulatorFactory, TemplateVersionFactory

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"contracts_regulator:{name}", args=args)


def test_the_template_pages_for_regulators_only(scene, login):
    version = TemplateVersionFactory()
    for url in (_url("templates"), _url("template_new"), _url("template", version.template.pk)):
        assert login(scene.regulator).get(url).status_code == 200, url
        assert login(scene.owner_user).get(url).status_code == 403, url


def test_a_regulator_creates_a_template(db, login):
    regulator = RegulatorFactory().user
    response = login(regulator).post(_url("template_new"), {"code": "ZJ-HT-X", "title": "测绘服务合同"})
    template = ContractTemplate.objects.get(code="ZJ-HT-X")
    assert response.status_code == 302 and response["Location"] == _url("template", template.pk)


def test_publishing_a_template_without_its_mandatory_clauses_lists_every_problem(db, login):
    regulator = RegulatorFactory().user
    draft = TemplateVersionFactory(status=TemplateVersion.Status.DRAFT, published_at=None,
                                   clauses=[{"kind": "general", "title": "总则", "text": "双方遵守本合同。"}])
    response = login(regulator).post(_url("template_publish", draft.template.pk, draft.pk))
    assert response.status_code == 400
    text = response.content.decode()
    for kind in ("验收", "违约责任", "争议解决", "保密"):
        assert kind in text
    draft.refresh_from_db()
    assert draft.status == TemplateVersion.Status.DRAFT


def test_saving_clauses_makes_a_draft_version(db, login):
    regulator = RegulatorFactory().user
    published = TemplateVersionFactory()
    data = {"change_note": "增加保密条款", "c-TOTAL_FORMS": "2", "c-INITIAL_FORMS": "0", "c-MIN_NUM_FORMS": "0",
            "c-MAX_NUM_FORMS": "100", "c-0-kind": "confidentiality", "c-0-title": "保密", "c-0-text": "双方保密。",
            "c-1-kind": "", "c-1-title": "", "c-1-text": ""}
    response = login(regulator).post(_url("template", published.template.pk), data)
    assert response.status_code == 302
    draft = published.template.versions.get(status=TemplateVersion.Status.DRAFT)
    assert draft.number == 2 and draft.clauses == [{"kind": "confidentiality", "title": "保密", "text": "双方保密。"}]


def test_the_supervised_contracts(scene, login):
    text = login(scene.regulator).get(_url("contracts")).content.decode()
    assert scene.signed.number in text
    assert scene.signed.number not in login(scene.other_regulator).get(_url("contracts")).content.decode()
    assert login(scene.owner_user).get(_url("contracts")).status_code == 403


def test_the_contract_page_for_the_supervising_regulator(scene, login):
    url = _url("contract", scene.signed.pk)
    page = login(scene.regulator).get(url)
    assert page.status_code == 200
    assert _url("contract_terminate", scene.signed.pk) in page.content.decode()
    assert login(scene.other_regulator).get(url).status_code == 404
    assert login(scene.owner_user).get(url).status_code == 404


def test_terminating_needs_a_reason(scene, login):
    response = login(scene.regulator).post(_url("contract_terminate", scene.signed.pk), {"reason": ""})
    assert response.status_code == 400
    scene.signed.refresh_from_db()
    assert scene.signed.status == "signed"
