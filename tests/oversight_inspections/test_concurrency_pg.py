"""Two regulators press 抽取 at the same moment, on PostgreSQL: the campaign's row lock makes one
draw; the other is told it is already drawn, and nothing is doubled."""
import pytest
from django.db import connection

from oversight.models import CampaignEntry, InspectionAssignment, InspectionCampaign
from oversight.services.inspections import campaign_draw
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_draws_at_once_draw_once(scene):
    campaign = scene.beacon(scene.announced())
    actors = [regulator.user for regulator in scene.inspectors]
    outcomes = at_once([lambda user=user: campaign_draw(actor=user, campaign=campaign) for user in actors])
    kinds = sorted(kind for kind, _message in outcomes)
    assert kinds == ["CampaignAlreadyDrawn"] * 3 + ["ok"], outcomes
    campaign.refresh_from_db()
    assert campaign.status == InspectionCampaign.Status.DRAWN
    assert CampaignEntry.objects.filter(campaign=campaign, drawn=True).count() == 3
    assert InspectionAssignment.objects.filter(campaign=campaign).count() == 6
