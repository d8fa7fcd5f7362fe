"""The blacklist through the site: a regulator proposes with evidence and named managers, a second
approves on the entry's page (the proposer only sees it waiting, and a decision posted anyway is
refused), the agency sees its entry and applies for repair, a regulator decides; evidence is served
only to regulators and the agency's members; user text is shown escaped."""
import pytest
from django.urls import reverse

from providers.models import PersonBan
from reviews.models import BlacklistEntry, CreditRepair
from tests.factories import MembershipFactory, RegulatorFactory, UserFactory
from tests.factories.blacklist import MANAGER_ID, PDF_BYTES, approved, evidence, propose
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db


def post_proposal(client, agency, **overrides):
    data = {"facts": "出具虚假报告 <script>alert(1)</script>", "legal_basis": "《管理办法》第二十条", "years": "2",
            "managers": f"陈经理 {MANAGER_ID}\n李副总，{MANAGER_ID[:-4]}0012", "files": [evidence()]}
    data.update(overrides)
    return client.post(reverse("reviews_regulator:blacklist_new") + f"?agency={agency.pk}", data)


def test_only_regulators_on_duty_see_the_regulator_pages(client, agency):
    entry = propose(agency)
    client.force_login(MembershipFactory(organisation=agency).user)
    for url in (reverse("reviews_regulator:blacklist"), reverse("reviews_regulator:blacklist_entry", args=[entry.pk]),
                reverse("reviews_regulator:blacklist_new") + f"?agency={agency.pk}",
                reverse("reviews_regulator:repair_list")):
        assert client.get(url).status_code == 403, url


def test_a_regulator_proposes_through_the_form(client, proposer, reviewer, agency):
    client.force_login(proposer)
    page = client.get(reverse("reviews_regulator:blacklist_new") + f"?agency={agency.pk}")
    assert page.status_code == 200 and agency.name in page.content.decode()
    assert agency.legal_representative_id_masked in page.content.decode()

    wrong = post_proposal(client, agency, managers=f"陈经理 {MANAGER_ID}\n李副总 510681196001010000",
                          files=[evidence()])
    assert wrong.status_code == 400
    assert "第 2 位高级管理人员（李副总）" in wrong.content.decode() and not BlacklistEntry.objects.exists()
    five = post_proposal(client, agency, years="5", files=[evidence()])
    assert five.status_code == 400 and "1 至 3 年" in five.content.decode() and not BlacklistEntry.objects.exists()

    response = post_proposal(client, agency, managers=f"陈经理 {MANAGER_ID}", files=[evidence()])
    entry = BlacklistEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews_regulator:blacklist_entry", args=[entry.pk])
    assert [p.role for p in entry.persons.all()] == ["legal_rep", "manager"] and entry.evidence.count() == 1

    detail = client.get(response["Location"]).content.decode()
    assert "data-waiting-for-another" in detail and 'value="approve"' not in detail
    assert "&lt;script&gt;" in detail and "<script>alert" not in detail
    listing = client.get(reverse("reviews_regulator:blacklist"))
    assert [e.pk for e in listing.context["mine"]] == [entry.pk] and listing.context["waiting"] == []

    # The proposer posts a decision anyway: refused by the service, nothing written.
    with nothing_written(PersonBan):
        refused = client.post(reverse("reviews_regulator:blacklist_decide", args=[entry.pk]), {"decision": "approve"})
    assert refused.status_code == 400 and "提出人不能复核" in refused.content.decode()
    assert BlacklistEntry.objects.get().status == BlacklistEntry.Status.PROPOSED


def test_a_second_regulator_approves_on_the_entrys_page(client, proposer, reviewer, agency):
    entry = propose(agency, proposer=proposer)
    client.force_login(reviewer)
    listing = client.get(reverse("reviews_regulator:blacklist"))
    assert [e.pk for e in listing.context["waiting"]] == [entry.pk]
    assert "黑名单" in listing.content.decode()
    page = client.get(reverse("reviews_regulator:blacklist_entry", args=[entry.pk])).content.decode()
    assert 'value="approve"' in page and 'value="reject"' in page
    rejected = client.post(reverse("reviews_regulator:blacklist_decide", args=[entry.pk]), {"decision": "reject"})
    assert rejected.status_code == 400 and "不同意的理由" in rejected.content.decode()
    response = client.post(reverse("reviews_regulator:blacklist_decide", args=[entry.pk]),
                           {"decision": "approve", "note": "同意"})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert BlacklistEntry.objects.get().status == BlacklistEntry.Status.APPROVED and agency.blacklisted_until
    listing = client.get(reverse("reviews_regulator:blacklist"))
    assert [e.pk for e in listing.context["in_force"]] == [entry.pk]


def test_the_regulator_finds_an_agency_to_propose(client, proposer, agency):
    client.force_login(proposer)
    page = client.get(reverse("reviews_regulator:blacklist"), {"q": "造假"}).content.decode()
    assert f"?agency={agency.pk}" in page


def test_the_menus_link_the_pages_with_the_number_waiting(client, proposer, reviewer, agency, admin):
    propose(agency, proposer=proposer)
    client.force_login(reviewer)
    links = {str(link.label): link for link in client.get(reverse("reviews_regulator:blacklist")).context["links"]}
    assert links["黑名单"].badge == 1 and links["信用修复"].url == reverse("reviews_regulator:repair_list")
    client.force_login(admin)
    workspace = client.get(reverse("providers:workspace")).content.decode()
    assert reverse("reviews:agency_blacklist") + f"?org={agency.pk}" in workspace


def test_evidence_is_served_to_regulators_and_once_approved_to_the_agencys_members(client, proposer, agency, admin):
    entry = propose(agency, proposer=proposer)
    url = reverse("reviews_files:blacklist_evidence", args=[entry.evidence.get().pk])
    client.force_login(RegulatorFactory().user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(admin)
    assert client.get(url).status_code == 404  # a proposal is internal to the regulators
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    from reviews.services.blacklist import blacklist_approve

    blacklist_approve(actor=RegulatorFactory().user, entry=entry)
    client.force_login(admin)
    assert client.get(url).status_code == 200
    client.force_login(MembershipFactory().user)
    assert client.get(url).status_code == 404


def test_the_agency_applies_for_repair_and_a_regulator_decides_through_the_site(client, agency, admin):
    entry = approved(agency)
    client.force_login(admin)
    page_url = reverse("reviews:agency_blacklist") + f"?org={agency.pk}"
    page = client.get(page_url).content.decode()
    assert 'data-blacklist-state="in_force"' in page and "申请信用修复" in page
    assert agency.legal_representative_id_masked in page and MANAGER_ID not in page
    apply_url = reverse("reviews:repair_apply", args=[entry.pk]) + f"?org={agency.pk}"
    operator = MembershipFactory(organisation=agency, role="operator").user
    client.force_login(operator)
    assert client.get(page_url).status_code == 200  # members read it
    assert "只有本机构的管理员" in client.get(apply_url).content.decode()
    client.force_login(admin)
    empty = client.post(apply_url, {"rectification": "已整改"})
    assert empty.status_code == 400 and "整改证明材料" in empty.content.decode()
    response = client.post(apply_url, {"rectification": "已整改 <b>完毕</b>", "files": [evidence("整改.pdf")]})
    assert response.status_code == 302 and response["Location"] == page_url
    repair = CreditRepair.objects.get()
    assert "审核中" in client.get(page_url).content.decode()
    file_url = reverse("reviews_files:repair_evidence", args=[repair.evidence.get().pk])
    assert client.get(file_url).status_code == 200
    client.force_login(operator)
    assert client.get(file_url).status_code == 200

    regulator = RegulatorFactory(department__is_platform_operator=True).user  # every agency of the region
    client.force_login(regulator)
    listing = client.get(reverse("reviews_regulator:repair_list"))
    assert [r.pk for r in listing.context["pending"]] == [repair.pk]
    detail_url = reverse("reviews_regulator:repair_detail", args=[repair.pk])
    detail = client.get(detail_url).content.decode()
    assert "&lt;b&gt;完毕&lt;/b&gt;" in detail and 'value="approve"' in detail
    assert client.post(detail_url, {"decision": "approve", "reason": ""}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == BlacklistEntry.Status.REPAIRED

    client.force_login(admin)
    page = client.get(page_url).content.decode()
    assert 'data-blacklist-state="repaired"' in page and "信用修复后移出" in page and "申请信用修复</a>" not in page
    client.force_login(UserFactory())
    assert client.get(file_url).status_code == 404
    assert client.get(page_url).status_code == 403
