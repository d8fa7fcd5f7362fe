"""The demo's campaign (core/demo/inspections.py), seeded over this folder's scene: published,
recomputable, with a replaced inspector and a finding that is a credit event; seeding again
changes nothing."""
from core.demo import inspections as demo
from core.demo.seed import Seeder
from oversight.models import InspectionCampaign, InspectionFinding, InspectorConflict
from oversight.selectors import inspections as selectors


def test_the_demo_campaign_is_published_and_recomputes(scene):
    seeder = Seeder(agencies=0, owners=0)
    seeder.regulators = {"env": scene.lead.user}
    seeder.categories = {"env": scene.category}
    demo.seed(seeder)
    campaign = InspectionCampaign.objects.get(title=demo.TITLE)
    assert campaign.status == InspectionCampaign.Status.PUBLISHED
    proof = selectors.public_campaign_proof(campaign.pk)
    assert proof.ok, proof.problems
    assert proof.reassignments and proof.reassignments[0]["joined"]
    assert InspectionFinding.objects.filter(campaign=campaign, result="minor").count() == 1
    assert InspectorConflict.objects.filter(campaign__isnull=True, reason__contains="原工作单位").exists()
    assert campaign.beacon_entered_by_id != campaign.beacon_confirmed_by_id
    rows = (InspectionCampaign.objects.count(), InspectionFinding.objects.count())
    demo.seed(seeder)
    assert (InspectionCampaign.objects.count(), InspectionFinding.objects.count()) == rows
