"""The public inspection pages (/inspections/…): drafts never shown; what is checked, the drawn
agencies and their inspectors (with who stood in for whom), and the results only once published;
nothing private (conflict reasons, contact details, who typed the beacon value, the seed before
the draw)."""
import pytest
from django.utils import timezone

from oversight.models import CampaignEntry, InspectionAssignment
from oversight.services import inspections as services
from tests.pagecache import cached

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode() if status == 200 else response


def test_the_list_shows_announced_drawn_and_published_campaigns_never_a_draft(client, scene):
    draft = scene.create(title="草稿抽查任务")
    announced = scene.announced(title="已公告抽查任务")
    published = scene.published(title="已公布抽查任务")
    html = page(client, "/inspections/")
    assert announced.title in html and published.title in html
    assert draft.title not in html
    assert f"/inspections/{announced.pk}/draw/" in html
    page(client, f"/inspections/{draft.pk}/", 404)
    page(client, f"/inspections/{draft.pk}/draw/", 404)
    page(client, "/inspections/999999/", 404)
    # a page number that is not one still answers the list
    for query in ("?page=abc", "?page=9999", "?page=-1"):
        assert announced.title in page(client, f"/inspections/{query}")


def test_an_announced_campaign_shows_its_checks_and_pools_but_not_the_seed(client, scene):
    campaign = scene.announced(checks="核查资质证书\n核查报告质量")
    html = page(client, f"/inspections/{campaign.pk}/")
    assert "核查资质证书" in html and "环境评价" in html and "尚未抽取" in html
    proof = page(client, f"/inspections/{campaign.pk}/draw/")
    assert campaign.commitment in proof
    assert campaign.seed not in proof and campaign.seed not in html
    for entry in CampaignEntry.objects.filter(campaign=campaign):
        assert entry.value in proof


def test_a_drawn_campaign_shows_the_drawn_agencies_and_their_inspectors_not_the_findings(client, scene):
    campaign = scene.drawn()
    drawn = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).select_related("agency")
    assert drawn.count() == 3
    finding_agency = drawn[0].agency
    services.finding_record(actor=scene.lead.user, campaign=campaign, agency=finding_agency, result="serious",
                            details="报告数据造假的秘密细节", remedy="约谈", inspected_on=timezone.localdate())
    html = page(client, f"/inspections/{campaign.pk}/")
    for entry in drawn:
        assert f'data-drawn-agency="{entry.agency.name}"' in html
    for assignment in InspectionAssignment.objects.filter(campaign=campaign).select_related("inspector__user"):
        assert f'data-inspector="{assignment.inspector.user.full_name}"' in html
    assert "报告数据造假的秘密细节" not in html and "较重问题" not in html


def test_a_replacement_is_public_but_not_the_reason(client, scene):
    campaign = scene.drawn()
    assignment = InspectionAssignment.objects.filter(campaign=campaign).select_related("inspector__user",
                                                                                        "agency").first()
    services.conflict_declare(actor=assignment.inspector.user, campaign=campaign, agency=assignment.agency,
                              reason="配偶在该机构任职的隐私事由")
    html = page(client, f"/inspections/{campaign.pk}/")
    replacement = InspectionAssignment.objects.get(campaign=campaign, agency=assignment.agency,
                                                   replaces=assignment.inspector)
    assert f'data-inspector="{replacement.inspector.user.full_name}"' in html
    assert f"递补：{assignment.inspector.user.full_name} 申报回避" in html
    assert "配偶在该机构任职的隐私事由" not in html
    proof = page(client, f"/inspections/{campaign.pk}/draw/")
    assert "配偶在该机构任职的隐私事由" not in proof
    assert "申报回避，由" in proof


def test_published_results_are_shown_with_the_summary(client, scene):
    campaign = scene.published()
    html = page(client, f"/inspections/{campaign.pk}/")
    assert "共抽查 3 家，1 家存在一般问题。" in html
    assert "一般问题" in html and "责令限期整改" in html and "检查情况0" in html


def test_no_private_data_on_any_public_page(client, scene):
    campaign = scene.published()
    services.standing_conflict_declare(actor=scene.inspectors[3].user, agency=scene.agencies[4],
                                       reason="2019年至2023年曾在该机构任职")
    urls = ["/inspections/", f"/inspections/{campaign.pk}/", f"/inspections/{campaign.pk}/draw/"]
    private = ["2019年至2023年曾在该机构任职"]
    for regulator in scene.inspectors:
        private.append(regulator.user.email)
    for agency in scene.agencies:
        private += [agency.contact_phone, agency.contact_email, agency.legal_representative_id_masked]
    for url in urls:
        html = page(client, url)
        for text in private:
            assert text not in html, (url, text)


@pytest.mark.usefixtures("page_cache_on")
def test_public_pages_are_cached_for_anonymous_visitors_and_refreshed_by_a_change(
        client, scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = scene.drawn()
    url = f"/inspections/{campaign.pk}/"
    cached(client, url)
    drawn = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).select_related("agency")
    with django_capture_on_commit_callbacks(execute=True):
        for entry in drawn:
            services.finding_record(actor=scene.lead.user, campaign=campaign, agency=entry.agency,
                                    result="compliant", details="未发现问题", inspected_on=timezone.localdate())
        services.campaign_publish(actor=scene.lead.user, campaign=campaign, summary="全部合格的综述")
    assert "全部合格的综述" in client.get(url).content.decode()
