"""Bad input and wrong moves: each answered clearly, nothing written."""
import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from bidding import errors as beacon_errors
from core.errors import NotAllowed
from oversight.errors import inspections as errors
from oversight.models import (
    CampaignEntry,
    InspectionAssignment,
    InspectionCampaign,
    InspectionFinding,
    InspectorConflict,
)
from oversight.services import inspections as services
from tests.factories import RegulatorFactory, UserFactory
from tests.writes import nothing_written

from .conftest import BEACON, REFERENCE

MODELS = (InspectionCampaign, CampaignEntry, InspectionAssignment, InspectionFinding, InspectorConflict)


def test_a_campaign_drawing_more_agencies_than_match_is_refused(scene):
    campaign = scene.create(agency_count=6)  # five match: one elsewhere, one blacklisted, one surveyor
    with pytest.raises(errors.CampaignTooFewAgencies, match="只有 5 家，少于拟抽取的 6 家"), nothing_written(*MODELS):
        services.campaign_announce(actor=scene.lead.user, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == "draft" and campaign.commitment == ""


def test_too_few_inspectors_is_refused(scene):
    campaign = scene.create(inspector_count=5)
    with pytest.raises(errors.CampaignTooFewInspectors, match="只有 4 名"), nothing_written(*MODELS):
        services.campaign_announce(actor=scene.lead.user, campaign=campaign)


def test_an_agency_no_team_can_inspect_is_refused_at_the_announcement(scene):
    for regulator in scene.inspectors[:3]:
        services.standing_conflict_declare(actor=regulator.user, agency=scene.agencies[0], reason="曾在该机构任职")
    campaign = scene.create(inspector_count=2)
    with pytest.raises(errors.CampaignAgencyUnstaffable, match=scene.agencies[0].name), nothing_written(*MODELS):
        services.campaign_announce(actor=scene.lead.user, campaign=campaign)


@pytest.mark.parametrize("overrides, error", [
    ({"title": " "}, errors.CampaignTitleRequired),
    ({"checks": ""}, errors.CampaignChecksRequired),
    ({"categories": []}, errors.CampaignCategoriesRequired),
    ({"agency_count": 0}, errors.CampaignAgencyCountInvalid),
    ({"agency_count": "三"}, errors.CampaignAgencyCountInvalid),
    ({"inspector_count": 11}, errors.CampaignInspectorCountInvalid),
    ({"region": "510100"}, errors.CampaignRegionOutOfScope),
    ({"region": "999999"}, errors.CampaignRegionOutOfScope),
])
def test_a_bad_draft_is_refused(scene, overrides, error):
    with pytest.raises(error), nothing_written(*MODELS):
        scene.create(**overrides)


def test_a_category_the_department_does_not_supervise_is_refused(scene):
    surveying = scene.others["surveyor"].services.get().item.category
    with pytest.raises(errors.CampaignCategoryOutOfScope), nothing_written(*MODELS):
        scene.create(categories=[surveying])


@pytest.mark.parametrize("who", ["stranger", "other department", "inactive"])
def test_only_the_departments_regulators_run_it(scene, who):
    campaign = scene.create()
    actor = {"stranger": UserFactory(), "other department": RegulatorFactory().user,
             "inactive": RegulatorFactory(department=scene.department, is_active=False).user}[who]
    with pytest.raises(NotAllowed), nothing_written(*MODELS):
        services.campaign_announce(actor=actor, campaign=campaign)
    with pytest.raises(NotAllowed), nothing_written(*MODELS):
        services.campaign_update(actor=actor, campaign=campaign, title="x", region=scene.region,
                                 categories=[scene.category], agency_count=1, inspector_count=1, checks="x")


def test_wrong_states_are_refused(scene):
    draft = scene.create()
    with pytest.raises(errors.CampaignWrongState), nothing_written(*MODELS):
        services.campaign_draw(actor=scene.lead.user, campaign=draft)
    with pytest.raises(errors.CampaignWrongState), nothing_written(*MODELS):
        services.campaign_publish(actor=scene.lead.user, campaign=draft, summary="x")
    announced = scene.announced()
    with pytest.raises(errors.CampaignNotEditable), nothing_written(*MODELS):
        services.campaign_update(actor=scene.lead.user, campaign=announced, title="x", region=scene.region,
                                 categories=[scene.category], agency_count=1, inspector_count=1, checks="x")
    with pytest.raises(errors.CampaignWrongState), nothing_written(*MODELS):
        services.campaign_announce(actor=scene.lead.user, campaign=announced)
    with pytest.raises(errors.CampaignWrongState), nothing_written(*MODELS):
        services.finding_record(actor=scene.lead.user, campaign=announced, agency=scene.agencies[0],
                                result="compliant", details="x", inspected_on=timezone.localdate())


def test_the_draw_waits_for_the_beacon_and_writes_nothing(scene):
    campaign = scene.announced()
    with pytest.raises(errors.CampaignBeaconPending, match="等待公共随机数"), nothing_written(*MODELS):
        services.campaign_draw(actor=scene.lead.user, campaign=campaign)
    services.campaign_beacon_enter(actor=scene.inspectors[1].user, campaign=campaign, value=BEACON,
                                   reference=REFERENCE)
    with pytest.raises(errors.CampaignBeaconPending, match="复核"), nothing_written(*MODELS):
        services.campaign_draw(actor=scene.lead.user, campaign=campaign)


def test_beacon_rules_are_the_jobs_rules(scene):
    campaign = scene.create()
    services.campaign_announce(actor=scene.lead.user, campaign=campaign,
                               draw_after=timezone.now() + datetime.timedelta(hours=1))
    with pytest.raises(errors.CampaignBeaconTooEarly), nothing_written(*MODELS):
        services.campaign_beacon_enter(actor=scene.lead.user, campaign=campaign, value=BEACON, reference=REFERENCE)
    campaign = scene.announced(title="第二批")
    first, second = scene.inspectors[1], scene.inspectors[2]
    with pytest.raises(beacon_errors.BeaconValueInvalid), nothing_written(*MODELS):
        services.campaign_beacon_enter(actor=first.user, campaign=campaign, value="1|2", reference=REFERENCE)
    with pytest.raises(beacon_errors.BeaconReferenceRequired), nothing_written(*MODELS):
        services.campaign_beacon_enter(actor=first.user, campaign=campaign, value=BEACON, reference=" ")
    with pytest.raises(beacon_errors.BeaconNothingToConfirm), nothing_written(*MODELS):
        services.campaign_beacon_confirm(actor=second.user, campaign=campaign, value=BEACON)
    with pytest.raises(NotAllowed), nothing_written(*MODELS):
        services.campaign_beacon_enter(actor=UserFactory(), campaign=campaign, value=BEACON, reference=REFERENCE)
    services.campaign_beacon_enter(actor=first.user, campaign=campaign, value=BEACON, reference=REFERENCE)
    with pytest.raises(beacon_errors.BeaconSameRegulator), nothing_written(*MODELS):
        services.campaign_beacon_confirm(actor=first.user, campaign=campaign, value=BEACON)
    with pytest.raises(beacon_errors.BeaconMismatch), nothing_written(*MODELS):
        services.campaign_beacon_confirm(actor=second.user, campaign=campaign, value="1 2 3")
    services.campaign_beacon_confirm(actor=second.user, campaign=campaign, value=BEACON.replace(" ", "  "))
    with pytest.raises(errors.CampaignBeaconAlreadyFixed), nothing_written(*MODELS):
        services.campaign_beacon_enter(actor=first.user, campaign=campaign, value="1", reference=REFERENCE)
    with override_settings(DRAW_BEACON="drand"), pytest.raises(beacon_errors.BeaconNotFromRegulators):
        services.campaign_beacon_enter(actor=first.user, campaign=scene.announced(title="第三批"), value="1",
                                       reference=REFERENCE)


def test_the_draw_after_must_not_be_in_the_past(scene):
    campaign = scene.create()
    with pytest.raises(errors.CampaignDrawAfterPast), nothing_written(*MODELS):
        services.campaign_announce(actor=scene.lead.user, campaign=campaign,
                                   draw_after=timezone.now() - datetime.timedelta(minutes=5))
