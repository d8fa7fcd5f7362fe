"""The campaign's draw: pools fixed at the announcement, the seed committed, both rankings
recomputed by anyone from the proof data with bidding/draw.py, the teams by the published walk."""
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw
from oversight.models import CampaignEntry, InspectionAssignment, InspectionCampaign
from oversight.selectors import inspections as selectors


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_announcement_fixes_the_pools_and_publishes_the_commitment(scene):
    campaign = scene.announced()
    assert campaign.status == InspectionCampaign.Status.ANNOUNCED
    agencies = set(CampaignEntry.objects.filter(campaign=campaign, pool="agency").values_list("agency_id", flat=True))
    # only agencies of the category in the region, not barred
    assert agencies == {agency.pk for agency in scene.agencies}
    inspectors = set(CampaignEntry.objects.filter(campaign=campaign, pool="inspector")
                     .values_list("inspector_id", flat=True))
    assert inspectors == {regulator.pk for regulator in scene.inspectors}
    assert campaign.commitment == sha(campaign.seed)
    proof = selectors.public_campaign_proof(campaign.pk)
    assert proof.seed == "" and proof.pools == []  # the seed stays secret until the draw
    assert proof.data["commitment"] == campaign.commitment
    assert len(proof.data["agency_values"]) == 5 and proof.data["agency_values"] == sorted(proof.data["agency_values"])
    assert AuditEntry.objects.filter(action=Action.CAMPAIGN_ANNOUNCE, object_id=str(campaign.pk)).exists()


def recompute_team(ranking, position, count, excluded):
    """The published walk, written again from its description (not imported)."""
    start = (position * count) % len(ranking)
    team = []
    for step in range(len(ranking)):
        if len(team) == count:
            break
        value = ranking[(start + step) % len(ranking)]
        if value not in excluded:
            team.append(value)
    return team


def test_anyone_recomputes_the_draw_from_the_proof_data(scene):
    campaign = scene.drawn()
    data = selectors.public_campaign_proof(campaign.pk).data
    # the seed matches the commitment published at the announcement
    assert sha(data["seed"]) == data["commitment"]
    for pool in ("agency", "inspector"):
        values = data[f"{pool}_values"]
        pool_hash = sha("|".join(["zjcs-draw-v2", data["seed"], data["beacon"], *sorted(values)]))
        ranking = sorted(values, key=lambda value: (sha(pool_hash + "|" + value), value))
        assert pool_hash == data[f"{pool}_pool"]
        assert ranking == data[f"{pool}_ranking"]
        # and bidding/draw.py says the same
        assert draw.run(data["seed"], values, beacon=data["beacon"]).ranking == ranking
    assert data["drawn"] == data["agency_ranking"][:3]
    excluded = {}
    for agency, inspector in data["excluded"]:
        excluded.setdefault(agency, set()).add(inspector)
    for position, team in enumerate(data["teams"]):
        assert team["agency"] == data["drawn"][position]
        assert team["members"] == recompute_team(data["inspector_ranking"], position, 2,
                                                 excluded.get(team["agency"], set()))
    assert data["beacon"] == "03 11 17 22 28 + 09"


def test_the_draw_marks_entries_and_makes_teams(scene):
    campaign = scene.drawn()
    assert campaign.status == InspectionCampaign.Status.DRAWN
    drawn = CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True)
    assert drawn.count() == 3
    for entry in drawn:
        assert InspectionAssignment.objects.filter(campaign=campaign, agency=entry.agency).count() == 2
    proof = selectors.public_campaign_proof(campaign.pk)
    assert proof.ok, proof.problems
    assert all(pool.ok for pool in proof.pools) and all(team.ok for team in proof.teams)
    # the teams are spread over the ranking: the second agency starts two places further down
    assert [team.start for team in proof.teams] == [0, 2, 0]
    detail = selectors.campaign_public(campaign.pk)
    assert [row.position for row in detail.drawn] == [1, 2, 3]
    assert all(row.finding is None for row in detail.drawn)


def test_the_public_list_and_page_never_show_a_draft(scene):
    draft = scene.create()
    announced = scene.announced(title="第二批抽查")
    assert list(selectors.public_campaigns()) == [announced]
    from django.http import Http404
    with pytest.raises(Http404):
        selectors.campaign_public(draft.pk)
    with pytest.raises(Http404):
        selectors.public_campaign_proof(draft.pk)


def test_the_public_page_reads_in_a_constant_number_of_queries(scene):
    campaign = scene.drawn()
    with CaptureQueriesContext(connection) as small:
        selectors.campaign_proof(selectors.public_campaign_proof(campaign.pk).campaign)
    assert len(small) <= 12
