"""With the drand beacon (settings.DRAW_BEACON = "drand") nobody types a number: the draw button
reads the first round after the draw moment; before that round exists the page says when, and
nothing is written; the proof page names the round, its time, its address and signature."""
import datetime
import hashlib

import pytest
from django.utils import timezone

from bidding import beacon as sources
from oversight.models import InspectionCampaign

pytestmark = pytest.mark.django_db

SIGNATURE = "ab" * 48


def test_the_draw_reads_the_beacon_and_the_proof_page_names_the_round(client, scene, settings, monkeypatch):
    settings.DRAW_BEACON = "drand"
    campaign = scene.announced()
    InspectionCampaign.objects.filter(pk=campaign.pk).update(draw_after=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(scene.lead.user)
    html = client.get(f"/regulator/oversight/inspections/{campaign.pk}/").content.decode()
    assert "自动读取" in html and "开奖号码" not in html

    produced = timezone.now() + datetime.timedelta(seconds=20)

    def not_yet(url, moment, *, now):
        raise sources.RoundNotYet(4242, produced)

    monkeypatch.setattr(sources, "drand_round_after", not_yet)
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/draw/", follow=True)
    assert "第 4242 轮" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "announced" and not campaign.beacon_value

    randomness = hashlib.sha256(bytes.fromhex(SIGNATURE)).hexdigest()

    def round_after(url, moment, *, now):
        return sources.Round(number=4242, randomness=randomness, signature=SIGNATURE,
                             at=timezone.now() - datetime.timedelta(minutes=1))

    monkeypatch.setattr(sources, "drand_round_after", round_after)
    response = client.post(f"/regulator/oversight/inspections/{campaign.pk}/draw/")
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "drawn" and campaign.beacon_value == randomness
    proof = client.get(f"/inspections/{campaign.pk}/draw/").content.decode()
    assert "第 4242 轮" in proof and SIGNATURE in proof and f'data-beacon="{randomness}"' in proof
    assert "公共随机信标（drand）" in proof
