"""The regulators' inspection pages: a campaign run through the site (create, announce, beacon
entered and confirmed by two regulators, draw, a conflict declared and replaced, findings,
publish); each bad input answered clearly with nothing written; regulators only, and what changes
a campaign only for its department."""
import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from oversight.models import (
    CampaignEntry,
    InspectionAssignment,
    InspectionCampaign,
    InspectionFinding,
    InspectorConflict,
)

from .conftest import BEACON, REFERENCE

pytestmark = pytest.mark.django_db


def snapshot():
    """What a refused request must leave as it was."""
    return (AuditEntry.objects.count(), InspectionCampaign.objects.count(), CampaignEntry.objects.count(),
            InspectionAssignment.objects.count(), InspectorConflict.objects.count(),
            InspectionFinding.objects.count(),
            sorted(InspectionCampaign.objects.values_list("pk", "status", "beacon_value", "beacon_fixed_at")))


def as_user(client, user):
    client.force_login(user)
    return client


def form_data(scene, **overrides):
    data = {"title": "2026年第四季度环评机构双随机抽查", "region": scene.region.pk,
            "categories": [scene.category.pk], "agency_count": 3, "inspector_count": 2,
            "checks": "核查资质证书\n核查报告质量"}
    data.update(overrides)
    return data


# --- a campaign through the site ---------------------------------------------------------------

def test_a_regulator_runs_a_campaign_through_the_site(client, scene):
    lead, second, third = scene.inspectors[0].user, scene.inspectors[1].user, scene.inspectors[2].user
    as_user(client, lead)
    assert client.get("/regulator/oversight/inspections/").status_code == 200
    assert client.get("/regulator/oversight/inspections/new/").status_code == 200
    response = client.post("/regulator/oversight/inspections/new/", form_data(scene))
    campaign = InspectionCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/regulator/oversight/inspections/{campaign.pk}/"
    assert campaign.department == scene.department and campaign.status == "draft"

    html = client.get(f"/regulator/oversight/inspections/{campaign.pk}/").content.decode()
    assert "公告前核对" in html and "5 家（拟抽取 3 家）" in html

    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/edit/",
                           form_data(scene, title="改过的名称"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "改过的名称"

    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/announce/", {"draw_after": ""})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "announced" and campaign.commitment
    # announced: the draft can no longer be edited
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/edit/", form_data(scene, title="再改"))
    campaign.refresh_from_db()
    assert response.status_code == 302 and campaign.title == "改过的名称"

    # draw_after is the announcement: move it into the past, as the clock would
    InspectionCampaign.objects.filter(pk=campaign.pk).update(
        draw_after=timezone.now() - datetime.timedelta(minutes=5))

    # one regulator enters the public number, another confirms it
    as_user(client, second)
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/beacon/",
                           {"action": "enter", "reference": REFERENCE, "value": BEACON})
    assert response.status_code == 302
    # the same regulator may not confirm their own entry
    before = snapshot()
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/beacon/",
                           {"action": "confirm", "value": BEACON}, follow=True)
    assert snapshot() == before
    as_user(client, third)
    html = client.get(f"/regulator/oversight/inspections/{campaign.pk}/").content.decode()
    assert "复核确认" in html and BEACON not in html  # the typed number is not shown to the confirmer
    before = snapshot()
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/beacon/",
                           {"action": "confirm", "value": "01 02 03"})
    assert response.status_code == 400 and snapshot() == before
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/beacon/",
                           {"action": "confirm", "value": BEACON})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.beacon_fixed_at

    # the draw, by the department
    as_user(client, lead)
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/draw/")
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "drawn"
    assert InspectionAssignment.objects.filter(campaign=campaign).count() == 6
    # a second draw is refused, nothing changes
    before = snapshot()
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/draw/", follow=True)
    assert "已经抽取" in response.content.decode() and snapshot() == before

    # an inspector of a team declares a conflict: the next one of the ranking takes the place (one
    # other than the lead, who records the findings below, whichever teams the draw gave)
    assignment = (InspectionAssignment.objects.filter(campaign=campaign).exclude(inspector__user=lead)
                  .select_related("inspector__user", "agency").order_by("pk").first())
    as_user(client, assignment.inspector.user)
    html = client.get(f"/regulator/oversight/inspections/{campaign.pk}/").content.decode()
    assert "申报回避" in html and "我负责检查" in html
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/conflict/",
                           {"agency": assignment.agency.pk, "reason": "曾在该机构任职"})
    assert response.status_code == 302
    assert not InspectionAssignment.objects.filter(pk=assignment.pk).exists()
    replacement = InspectionAssignment.objects.get(campaign=campaign, agency=assignment.agency,
                                                   replaces=assignment.inspector)
    public = client.get(f"/inspections/{campaign.pk}/").content.decode()
    assert replacement.inspector.user.full_name in public

    # findings per drawn agency, then publication
    as_user(client, lead)
    before = snapshot()
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/publish/", {"summary": "综述"},
                           follow=True)
    assert "还没有登记检查结果" in response.content.decode() and snapshot() == before
    drawn = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).select_related("agency")
    conflicted = set(InspectorConflict.objects.filter(inspector__user=lead).values_list("agency_id", flat=True))
    for entry in drawn:
        url = f"/regulator/oversight/inspections/{campaign.pk}/findings/{entry.agency.pk}/"
        assert entry.agency.pk not in conflicted
        assert client.get(url).status_code == 200
        response = client.post(url, {"result": "compliant", "details": "未发现问题",
                                     "inspected_on": timezone.localdate().isoformat()})
        assert response.status_code == 302
    assert InspectionFinding.objects.filter(campaign=campaign).count() == 3
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/publish/",
                           {"summary": "本次抽查 3 家，均未发现问题。"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "published"
    public = client.get(f"/inspections/{campaign.pk}/").content.decode()
    assert "本次抽查 3 家，均未发现问题。" in public


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("overrides,message", [
    ({"agency_count": 9999}, "一次最多抽取 200 家机构"),
    ({"agency_count": "三"}, "请填写整数"),
    ({"inspector_count": 0}, "每家机构至少 1 名检查人员"),
    ({"title": ""}, "请填写抽查任务名称"),
    ({"checks": "  "}, "请填写检查事项"),
    ({"categories": []}, "请至少选择一个服务类别"),
    ({"categories": ["abc"]}, "请选择本部门监管的服务类别"),
    ({"region": "510100"}, "请选择本部门辖区内的地区"),
    ({"region": "999999x"}, "请选择本部门辖区内的地区"),
])
def test_a_bad_campaign_is_refused_with_a_clear_message_and_nothing_written(client, scene, overrides, message):
    if overrides.get("categories") == ["abc"]:
        overrides = {"categories": [scene.others["other_category"].pk]}
    as_user(client, scene.lead.user)
    before = snapshot()
    response = client.post("/regulator/oversight/inspections/new/", form_data(scene, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_drawing_more_agencies_than_match_is_refused_at_the_announcement(client, scene):
    campaign = scene.create(agency_count=6)
    as_user(client, scene.lead.user)
    html = client.get(f"/regulator/oversight/inspections/{campaign.pk}/").content.decode()
    assert "不足" in html and "按目前的条件不能公告" in html
    before = snapshot()
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/announce/", {"draw_after": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "只有 5 家" in html and "少于拟抽取的 6 家" in html
    assert snapshot() == before


def test_a_draw_moment_in_the_past_or_not_a_time_is_refused(client, scene):
    campaign = scene.create()
    as_user(client, scene.lead.user)
    before = snapshot()
    for value, message in (("2020-01-01T10:00", "抽取时点不能早于公告时间"), ("明天", "请按“年-月-日 时:分”填写时间")):
        response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/announce/", {"draw_after": value})
        assert response.status_code == 400 and message in response.content.decode()
    assert snapshot() == before


def test_a_finding_with_a_problem_needs_a_remedy_and_a_date_after_the_draw(client, scene):
    campaign = scene.drawn()
    entry = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).first()
    url = f"/regulator/oversight/inspections/{campaign.pk}/findings/{entry.agency_id}/"
    as_user(client, scene.lead.user)
    before = snapshot()
    response = client.post(url, {"result": "serious", "details": "报告抄袭", "remedy": "",
                                 "inspected_on": timezone.localdate().isoformat()})
    assert response.status_code == 400 and "发现问题的，请填写处理措施" in response.content.decode()
    response = client.post(url, {"result": "compliant", "details": "好", "inspected_on": "2001-01-01"})
    assert response.status_code == 400 and "检查日期须在抽取之后" in response.content.decode()
    response = client.post(url, {"result": "bogus", "details": "好", "inspected_on": "x"})
    assert response.status_code == 400
    assert snapshot() == before
    # an agency not drawn has no finding page
    other = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=False).first()
    assert client.get(f"/regulator/oversight/inspections/{campaign.pk}/findings/{other.agency_id}/").status_code == 404


def test_a_conflict_without_reason_or_for_an_agency_outside_the_pool_is_refused(client, scene):
    campaign = scene.drawn()
    assignment = InspectionAssignment.objects.filter(campaign=campaign).select_related("inspector__user").first()
    as_user(client, assignment.inspector.user)
    before = snapshot()
    url = f"/regulator/oversight/inspections/{campaign.pk}/conflict/"
    response = client.post(url, {"agency": assignment.agency_id, "reason": ""})
    assert response.status_code == 400 and "请填写回避事由" in response.content.decode()
    from tests.factories import AgencyFactory

    stranger = AgencyFactory(name="池外机构")
    response = client.post(url, {"agency": stranger.pk, "reason": "亲属"})
    assert response.status_code == 400 and "请选择本次被抽中的机构" in response.content.decode()
    # a regulator outside the inspectors' pool cannot declare one
    as_user(client, scene.others["outsider"].user)
    response = client.post(url, {"agency": assignment.agency_id, "reason": "亲属"}, follow=True)
    assert "只有本抽查任务检查人员名录中的人员可以申报回避" in response.content.decode()
    assert snapshot() == before


# --- standing conflicts: an inspector's former employer ------------------------------------------

def test_an_inspector_drawn_for_their_former_employer_declares_it_and_is_replaced(client, scene):
    campaign = scene.drawn()
    assignment = InspectionAssignment.objects.filter(campaign=campaign).select_related(
        "inspector__user", "agency").first()
    inspector, agency = assignment.inspector, assignment.agency
    as_user(client, inspector.user)
    url = "/regulator/oversight/inspections/conflicts/"
    assert "您还没有登记长期回避关系" in client.get(url).content.decode()
    response = client.post(url, {"uscc": agency.uscc.lower(), "reason": "2019年至2023年曾在该机构任职"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert agency.name in html and "2019年至2023年曾在该机构任职" in html
    assert not InspectionAssignment.objects.filter(campaign=campaign, agency=agency, inspector=inspector).exists()
    assert InspectionAssignment.objects.filter(campaign=campaign, agency=agency, replaces=inspector).exists()
    # declaring it again is answered clearly
    before = snapshot()
    response = client.post(url, {"uscc": agency.uscc, "reason": "再次"})
    assert response.status_code == 400 and "您已申报与该机构的回避关系" in response.content.decode()
    # and an unknown or malformed USCC too
    for uscc in ("91510600MA62J6QX1X", "not a code"):
        response = client.post(url, {"uscc": uscc, "reason": "曾任职"})
        assert response.status_code == 400
    assert snapshot() == before
    # nor can they record that agency's finding, should they be of the organising department
    as_user(client, inspector.user)
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/findings/{agency.pk}/",
                           {"result": "compliant", "details": "好", "inspected_on": timezone.localdate().isoformat()})
    assert response.status_code == 400 and "您与该机构存在回避关系" in response.content.decode()
    assert snapshot() == before


# --- regulators only, scoped by department -------------------------------------------------------

def _urls(draft, drawn, agency_id):
    base = "/regulator/oversight/inspections/"
    return {
        "get": [base, f"{base}new/", f"{base}conflicts/", f"{base}{draft.pk}/", f"{base}{draft.pk}/edit/",
                f"{base}{drawn.pk}/", f"{base}{drawn.pk}/findings/{agency_id}/"],
        "post": [f"{base}new/", f"{base}conflicts/", f"{base}{draft.pk}/edit/", f"{base}{draft.pk}/announce/",
                 f"{base}{drawn.pk}/beacon/", f"{base}{drawn.pk}/draw/", f"{base}{drawn.pk}/conflict/",
                 f"{base}{drawn.pk}/findings/{agency_id}/", f"{base}{drawn.pk}/publish/"],
    }


@pytest.mark.parametrize("who", ["anonymous", "plain", "member"])
def test_only_regulators_reach_the_regulator_pages(client, scene, who):
    draft = scene.create()
    drawn = scene.drawn(title="已抽取")
    agency_id = CampaignEntry.objects.filter(campaign=drawn, pool="agency", drawn=True).first().agency_id
    if who != "anonymous":
        as_user(client, scene.others[who])
    urls = _urls(draft, drawn, agency_id)
    before = snapshot()
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403), url
    for url in urls["post"]:
        response = client.post(url, {**form_data(scene), "action": "enter", "value": BEACON, "reference": REFERENCE,
                                     "agency": agency_id, "reason": "x", "summary": "x", "result": "compliant",
                                     "details": "x", "inspected_on": timezone.localdate().isoformat(),
                                     "uscc": scene.agencies[0].uscc})
        assert response.status_code == (302 if who == "anonymous" else 403), url
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
    assert snapshot() == before


def test_another_departments_regulator_sees_public_campaigns_but_changes_nothing(client, scene):
    draft = scene.create(title="本部门草稿")
    drawn = scene.drawn(title="已抽取任务")
    agency_id = CampaignEntry.objects.filter(campaign=drawn, pool="agency", drawn=True).first().agency_id
    as_user(client, scene.others["outsider"].user)
    listing = client.get("/regulator/oversight/inspections/").content.decode()
    assert "已抽取任务" in listing and "本部门草稿" not in listing
    assert client.get(f"/regulator/oversight/inspections/{draft.pk}/").status_code == 403
    html = client.get(f"/regulator/oversight/inspections/{drawn.pk}/").content.decode()
    assert "其他部门组织" in html and "登记检查结果" not in html
    before = snapshot()
    base = "/regulator/oversight/inspections/"
    assert client.post(f"{base}{draft.pk}/edit/", form_data(scene)).status_code == 403
    assert client.post(f"{base}{draft.pk}/announce/", {}).status_code == 403
    assert client.post(f"{base}{drawn.pk}/draw/").status_code == 403
    assert client.post(f"{base}{drawn.pk}/publish/", {"summary": "x"}).status_code == 403
    assert client.post(f"{base}{drawn.pk}/findings/{agency_id}/", {
        "result": "compliant", "details": "x", "inspected_on": timezone.localdate().isoformat()}).status_code == 403
    # their own department supervises nothing: the campaign form says so and offers no category
    html = client.get(f"{base}new/").content.decode()
    assert "本部门目前没有监管的服务类别" in html
    response = client.post(f"{base}new/", form_data(scene))
    assert response.status_code == 400
    assert snapshot() == before


def test_the_menu_and_the_workspace_queue_link_the_pages(client, scene):
    scene.announced()
    as_user(client, scene.lead.user)
    from core import navigation
    from marketplace.selectors.scope import scope_of

    queue = next(item for item in navigation.queues() if item.key == "inspections")
    assert queue.count(scope_of(scene.lead)) == 1
    html = client.get("/regulator/oversight/inspections/").content.decode()
    assert 'href="/regulator/oversight/inspections/"' in html
    public = client.get("/inspections/").content.decode()
    assert 'href="/inspections/"' in public
