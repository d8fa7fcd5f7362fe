"""With settings.DRAW_BEACON = "drand" the draw reads the first round after `draw_after`, as a
job's draw reads the first round after its close."""
import pytest
from django.test import override_settings

from bidding import beacon as sources
from bidding import errors as beacon_errors
from oversight.models import InspectionCampaign
from oversight.selectors import inspections as selectors
from oversight.services import inspections as services
from tests.bidding.drand_server import DrandServer, recorded_rounds
from tests.writes import nothing_written


def test_the_draw_takes_the_first_round_after_the_draw_moment(scene):
    campaign = scene.announced()
    info = sources.ChainInfo(genesis_time=1_700_000_000, period=30)
    first = sources.round_after(info, campaign.draw_after)
    rounds = recorded_rounds(range(first - 5, first + 5))
    with DrandServer(rounds) as server, override_settings(DRAW_BEACON="drand", DRAW_BEACON_URL=server.url):
        services.campaign_draw(actor=scene.lead.user, campaign=campaign)
    assert server.rounds_asked == [first]
    campaign.refresh_from_db()
    assert campaign.status == InspectionCampaign.Status.DRAWN
    assert (campaign.beacon_source, campaign.beacon_round) == ("drand", first)
    assert campaign.beacon_value == rounds[first]["randomness"]
    assert campaign.beacon_round_time > campaign.draw_after
    proof = selectors.public_campaign_proof(campaign.pk)
    assert proof.ok and proof.beacon_info.reference.endswith(f"/public/{first}")


def test_an_unreachable_beacon_refuses_the_draw(scene):
    campaign = scene.announced()
    with DrandServer({}) as server, override_settings(DRAW_BEACON="drand", DRAW_BEACON_URL=server.url):
        with pytest.raises(beacon_errors.BeaconUnavailable), nothing_written(InspectionCampaign):
            services.campaign_draw(actor=scene.lead.user, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == "announced" and not campaign.beacon_value
