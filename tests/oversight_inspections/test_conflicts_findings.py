"""Conflicts of interest replace an inspector by the next of the ranking; findings feed credit;
publication needs every finding."""
import datetime

import pytest
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from core.models import Notice
from oversight import inspection_rules as rules
from oversight.errors import inspections as errors
from oversight.models import CampaignEntry, InspectionAssignment, InspectionCampaign, InspectionFinding
from oversight.selectors import inspections as selectors
from oversight.services import inspections as services
from providers.models import Organisation
from reviews.credit.events import gather
from reviews.credit.rulesets import current_rules
from tests.writes import nothing_written


def team_of(campaign, agency):
    return [row.inspector_id for row in
            InspectionAssignment.objects.filter(campaign=campaign, agency=agency).order_by("pk")]


def first_drawn(campaign):
    return CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).order_by("rank").first().agency


def test_a_declared_conflict_hands_the_agency_to_the_next_in_the_ranking(scene):
    campaign = scene.drawn()
    agency = first_drawn(campaign)
    ranking = list(CampaignEntry.objects.filter(campaign=campaign, pool="inspector").order_by("rank")
                   .values_list("inspector_id", flat=True))
    assert team_of(campaign, agency) == ranking[:2]  # the first drawn agency starts at the top
    leaving = scene.inspectors[[r.pk for r in scene.inspectors].index(ranking[0])]
    services.conflict_declare(actor=leaving.user, campaign=campaign, agency=agency, reason="配偶在该机构任职")
    assert sorted(team_of(campaign, agency)) == sorted([ranking[1], ranking[2]])
    joined = InspectionAssignment.objects.get(campaign=campaign, agency=agency, inspector_id=ranking[2])
    assert joined.replaces_id == leaving.pk
    assert Notice.objects.filter(user_id=joined.inspector.user_id, title__contains="替补").exists()
    proof = selectors.public_campaign_proof(campaign.pk)
    assert proof.reassignments[0]["left_name"] == leaving.user.full_name
    assert proof.ok  # the draw itself is unchanged and still recomputes
    # declaring twice, or for an agency outside the pool, is refused and writes nothing
    with pytest.raises(errors.ConflictAlreadyDeclared), nothing_written(InspectionAssignment):
        services.conflict_declare(actor=leaving.user, campaign=campaign, agency=agency, reason="同上")
    with pytest.raises(errors.ConflictAgencyNotInPool), nothing_written(InspectionAssignment):
        services.conflict_declare(actor=leaving.user, campaign=campaign, agency=scene.others["elsewhere"],
                                  reason="曾在该机构任职")
    with pytest.raises(errors.ConflictReasonRequired), nothing_written(InspectionAssignment):
        services.conflict_declare(actor=scene.lead.user, campaign=campaign, agency=agency, reason=" ")


def test_an_inspector_drawn_for_a_former_employer_is_passed_over_by_the_standing_conflict(scene):
    """The inspector at the top of every ranking declared their former employer beforehand: the
    draw never sends them there, and the proof says who stood aside (not why)."""
    campaign = scene.announced()
    scene.beacon(campaign)
    # Which inspector and agency come first is known only after the draw: declare a standing
    # conflict of every inspector with their own "former employer" among the agencies instead.
    for inspector, agency in zip(scene.inspectors, scene.agencies, strict=False):
        services.standing_conflict_declare(actor=inspector.user, agency=agency, reason="曾在该机构任职")
    services.campaign_draw(actor=scene.lead.user, campaign=campaign)
    for inspector, agency in zip(scene.inspectors, scene.agencies, strict=False):
        assert not InspectionAssignment.objects.filter(campaign=campaign, agency=agency, inspector=inspector).exists()
    proof = selectors.public_campaign_proof(campaign.pk)
    assert proof.ok
    assert len(proof.excluded) >= 3  # each drawn agency has its former employee excluded
    skipped = [team for team in proof.teams if team.skipped]
    for team in skipped:
        assert any(member[2] for member in team.members)  # someone replaces the one passed over


def test_a_standing_conflict_declared_after_the_draw_reassigns_and_blocks_findings(scene):
    campaign = scene.drawn()
    agency = first_drawn(campaign)
    assignment = InspectionAssignment.objects.filter(campaign=campaign, agency=agency).first()
    inspector = assignment.inspector
    services.standing_conflict_declare(actor=inspector.user, agency=agency, reason="曾在该机构任职（2019-2023）")
    assert inspector.pk not in team_of(campaign, agency)
    assert len(team_of(campaign, agency)) == 2
    with pytest.raises(errors.FindingByConflictedInspector), nothing_written(InspectionFinding):
        services.finding_record(actor=inspector.user, campaign=campaign, agency=agency, result="compliant",
                                details="未发现问题", inspected_on=timezone.localdate())
    with pytest.raises(errors.ConflictAlreadyDeclared), nothing_written(InspectionAssignment):
        services.standing_conflict_declare(actor=inspector.user, agency=agency, reason="再次")


def test_rules_team_walks_past_conflicts_and_wraps():
    ranking = ["a", "b", "c", "d"]
    team = rules.team("x", 1, ranking, 2, frozenset({"c"}))
    assert team.start == 2 and team.values == ["d", "a"] and team.members[0].replaces == "c"
    short = rules.team("x", 0, ranking, 3, frozenset({"a", "b"}))
    assert short.values == ["c", "d"] and short.short(3)


def record_all(scene, campaign, result="compliant"):
    agencies = [entry.agency for entry in
                CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).select_related("agency")]
    for agency in agencies:
        services.finding_record(actor=scene.lead.user, campaign=campaign, agency=agency, result=result,
                                details="检查了资质证书、从业人员和近一年的报告", inspected_on=timezone.localdate())
    return agencies


def test_findings_feed_credit_with_the_result_as_level_once_published(scene, django_capture_on_commit_callbacks):
    campaign = scene.drawn()
    agency = first_drawn(campaign)
    before = Organisation.objects.get(pk=agency.pk).credit_score
    with django_capture_on_commit_callbacks(execute=True):
        finding = services.finding_record(actor=scene.lead.user, campaign=campaign, agency=agency, result="serious",
                                          details="报告抄袭", remedy="责令整改", inspected_on=timezone.localdate())
    entry = AuditEntry.objects.get(action=Action.CAMPAIGN_FINDING)
    assert (entry.object_type, entry.object_id) == ("oversight.inspectionfinding", str(finding.pk))

    def found():
        events = gather("agency", at=timezone.now(), rules=current_rules(), ids=[agency.pk]).get(agency.pk, [])
        return [event for event in events if event.kind == "inspection_finding"]

    # recorded but not yet published: the score does not tell the result before the public page
    assert found() == [] and Organisation.objects.get(pk=agency.pk).credit_score == before
    for entry in CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).exclude(agency=agency):
        services.finding_record(actor=scene.lead.user, campaign=campaign, agency=entry.agency, result="compliant",
                                details="未发现问题", inspected_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_publish(actor=scene.lead.user, campaign=campaign, summary="发现 1 家存在较重问题。")
    assert [event.level for event in found()] == ["serious"]
    assert found()[0].on == timezone.localdate()
    assert Organisation.objects.get(pk=agency.pk).credit_score < before


def test_a_compliant_finding_is_no_credit_event(scene):
    campaign = scene.drawn()
    agency = first_drawn(campaign)
    record_all(scene, campaign)
    services.campaign_publish(actor=scene.lead.user, campaign=campaign, summary="均未发现问题。")
    events = gather("agency", at=timezone.now(), rules=current_rules(), ids=[agency.pk]).get(agency.pk, [])
    assert not [event for event in events if event.kind == "inspection_finding"]


def test_bad_findings_are_refused(scene):
    campaign = scene.drawn()
    agency = first_drawn(campaign)
    not_drawn = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=False).first().agency
    cases = [
        (dict(agency=not_drawn), errors.FindingAgencyNotDrawn),
        (dict(result="terrible"), errors.FindingResultInvalid),
        (dict(details=" "), errors.FindingDetailsRequired),
        (dict(inspected_on="2026-13-40"), errors.FindingDateInvalid),
        (dict(inspected_on=timezone.localdate() + datetime.timedelta(days=1)), errors.FindingDateInvalid),
    ]
    for overrides, error in cases:
        fields = dict(agency=agency, result="minor", details="x", inspected_on=timezone.localdate())
        fields.update(overrides)
        with pytest.raises(error), nothing_written(InspectionFinding):
            services.finding_record(actor=scene.lead.user, campaign=campaign, **fields)


def test_publication_needs_every_finding_then_shows_them(scene):
    campaign = scene.drawn()
    with pytest.raises(errors.PublishFindingsMissing), nothing_written(InspectionFinding):
        services.campaign_publish(actor=scene.lead.user, campaign=campaign, summary="全部合格")
    agencies = record_all(scene, campaign, result="minor")
    assert all(row.finding is None for row in selectors.campaign_public(campaign.pk).drawn)  # not yet public
    with pytest.raises(errors.PublishSummaryRequired):
        services.campaign_publish(actor=scene.lead.user, campaign=campaign, summary="")
    services.campaign_publish(actor=scene.lead.user, campaign=campaign, summary="三家机构存在一般问题，已责令整改。")
    campaign.refresh_from_db()
    assert campaign.status == InspectionCampaign.Status.PUBLISHED
    detail = selectors.campaign_public(campaign.pk)
    assert [row.finding.result for row in detail.drawn] == ["minor"] * 3 and detail.counts == {"minor": 3}
    with pytest.raises(errors.CampaignWrongState):
        services.finding_record(actor=scene.lead.user, campaign=campaign, agency=agencies[0], result="compliant",
                                details="x", inspected_on=timezone.localdate())
    with pytest.raises(errors.CampaignWrongState):  # after publication no conflict either
        services.conflict_declare(actor=scene.lead.user, campaign=campaign, agency=agencies[0], reason="x")


def test_regulator_view_flags(scene):
    campaign = scene.create()
    view = selectors.regulator_view(campaign, scene.lead.user)
    assert view.can_edit and view.can_announce and not view.can_draw
    campaign = scene.announced(title="第二批")
    view = selectors.regulator_view(campaign, scene.inspectors[1].user)
    assert view.can_enter_beacon and not view.can_confirm_beacon and view.in_inspector_pool
    scene.beacon(campaign)
    assert selectors.regulator_view(campaign, scene.lead.user).can_draw
    preview = selectors.pool_preview(scene.create(title="第三批", agency_count=6))
    assert preview.agencies == 5 and preview.check.too_few_agencies


def test_a_conflict_of_an_inspector_outside_the_team_moves_nobody(scene):
    campaign = scene.drawn()
    agency = first_drawn(campaign)
    team = team_of(campaign, agency)
    outsider = next(regulator for regulator in scene.inspectors if regulator.pk not in team)
    services.conflict_declare(actor=outsider.user, campaign=campaign, agency=agency, reason="曾在该机构任职")
    campaign.refresh_from_db()
    assert team_of(campaign, agency) == team
    assert campaign.draw_record["reassignments"] == []
    # and the conflict is honoured: that inspector may not record the agency's finding
    with pytest.raises(errors.FindingByConflictedInspector), nothing_written(InspectionFinding):
        services.finding_record(actor=outsider.user, campaign=campaign, agency=agency, result="compliant",
                                details="x", inspected_on=timezone.localdate())
