"""Two regulators press 抽取 at the same moment, on PostgreSQL: the campaign's row lock makes one
draw; the other is told it is already drawn, and nothing is doubled."""
import threading

import pytest
from django.db import connection, connections

from core.errors import DomainError
from oversight.models import CampaignEntry, InspectionAssignment, InspectionCampaign
from oversight.services.inspections import campaign_draw

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_draws_at_once_draw_once(scene):
    campaign = scene.beacon(scene.announced())
    actors = [regulator.user for regulator in scene.inspectors]
    barrier, outcomes = threading.Barrier(len(actors)), [None] * len(actors)

    def worker(index, user):
        try:
            barrier.wait()
            campaign_draw(actor=user, campaign=campaign)
            outcomes[index] = ("ok", "")
        except DomainError as error:
            outcomes[index] = (type(error).__name__, str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, user)) for i, user in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    kinds = sorted(kind for kind, _message in outcomes)
    assert kinds == ["CampaignAlreadyDrawn"] * 3 + ["ok"], outcomes
    campaign.refresh_from_db()
    assert campaign.status == InspectionCampaign.Status.DRAWN
    assert CampaignEntry.objects.filter(campaign=campaign, drawn=True).count() == 3
    assert InspectionAssignment.objects.filter(campaign=campaign).count() == 6
