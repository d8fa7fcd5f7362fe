"""The draw can be checked by anyone: recomputed from the public page alone with nothing but
hashlib (version 2, with the public beacon value fixed after the close; draws made before it
by version 1), and by `manage.py verify_draw`, which fails when anything stored was altered."""
import io

import pytest
from django.core.management import CommandError, call_command

from bidding.models import Bid, Draw, DrawBeacon, Job
from bidding.services import selection
from tests.draw_proof import pool_and_ranking, proofs_on, sha256

pytestmark = pytest.mark.django_db


def recompute(proof):
    """The published recipe, from the page's data alone, with the values in the published order."""
    assert sorted(proof["values"]) == proof["values"]
    return pool_and_ranking(proof)


def published_proofs(client, job):
    response = client.get(f"/notices/{job.pk}/draw/")
    assert response.status_code == 200
    return proofs_on(response.content.decode()), response.content.decode()


def test_the_draw_is_recomputed_from_the_public_page_alone(client, home, drawn):
    job = drawn["job"]
    [proof], html = published_proofs(client, job)

    # 1. the seed revealed at the draw is the one committed to at publication
    assert sha256(proof["data-seed"]) == proof["data-commitment"]
    # 2. version 2: the public beacon value fixed after the close is on the page with its source
    beacon = DrawBeacon.objects.get(job=job)
    assert proof["data-version"] == "zjcs-draw-v2" and proof["data-beacon"] == beacon.value
    assert beacon.reference in html
    # 3. the pool from the seed, the beacon value and the values in the published order
    pool, ranking = recompute(proof)
    assert len(proof["values"]) == 3 and pool == proof["data-pool"]
    # 4. the ranking by each value's key; the first is the winner the page names
    assert ranking[0] == proof["data-winner-value"]
    assert proof["winner_agency"] == drawn["winner"].agency.name
    # and the commitment is the one on the announcement, published before any bid
    announcement = client.get(f"/notices/{job.pk}/").content.decode()
    assert f'data-commitment="{proof["data-commitment"]}"' in announcement
    assert f'data-winner-agency="{drawn["winner"].agency.name}"' in announcement


def test_a_version_1_draw_still_recomputes_from_its_page_and_verifies(client, home, drawn_v1):
    job = drawn_v1["job"]
    [proof], html = published_proofs(client, job)
    assert proof["data-version"] == "zjcs-draw-v1" and "data-beacon" not in proof
    pool, ranking = recompute(proof)
    assert pool == proof["data-pool"] and ranking[0] == drawn_v1["winner"].random_value
    assert "重算一致" in html
    assert "核验通过" in verify(job)


def test_the_draw_page_writes_out_the_algorithm_in_chinese_and_a_recomputation_snippet(client, home, drawn):
    html = client.get(f"/notices/{drawn['job'].pk}/draw/").content.decode()
    assert "抽取算法" in html and "zjcs-draw-v2" in html and "公共随机数" in html
    assert "import hashlib" in html and drawn["job"].draw_seed in html and "sha256sum" in html
    # no developer's English comment on the Chinese page
    assert "How it works" not in html and "No Django here" not in html


def test_before_the_close_the_draw_page_shows_only_the_commitment(client, home):
    from tests.factories import BidFactory, JobFactory

    job = JobFactory()
    bid = BidFactory(job=job)
    html = client.get(f"/notices/{job.pk}/draw/").content.decode()
    assert job.draw_commitment in html
    assert job.draw_seed not in html and bid.random_value not in html and "data-seed" not in html


def verify(job):
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_draw", str(job.pk), stdout=out, stderr=err)
    return out.getvalue()


def test_verify_draw_passes_on_a_good_draw_and_prints_the_steps(drawn):
    output = verify(drawn["job"])
    assert "核验通过" in output and "zjcs-draw-v2" in output
    assert drawn["job"].draw_seed in output and drawn["winner"].random_value in output
    assert DrawBeacon.objects.get(job=drawn["job"]).value in output
    for bid in drawn["bids"]:
        assert bid.random_value in output


def _alter_value(draw):
    """Replace one stored value by another hex string, keeping the published (sorted) order."""
    values = list(draw.values)
    values[0] = "0" * 32
    draw.values = sorted(values)
    draw.save(update_fields=["values"])


@pytest.mark.parametrize("tamper", ["value", "ranking", "seed", "winner", "beacon", "published beacon"])
def test_verify_draw_fails_when_anything_stored_was_altered(drawn, tamper):
    job = drawn["job"]
    stored = Draw.objects.get(job=job)
    if tamper == "value":
        _alter_value(stored)
    elif tamper == "ranking":
        stored.ranking = list(reversed(stored.ranking))
        stored.save(update_fields=["ranking"])
    elif tamper == "seed":
        stored.seed = "f" * 64
        stored.save(update_fields=["seed"])
    elif tamper == "beacon":  # the draw took another beacon value than the published one
        stored.beacon = "9 9 9"
        stored.save(update_fields=["beacon"])
    elif tamper == "published beacon":  # the published value was changed after the draw
        DrawBeacon.objects.filter(job=job).update(value="9 9 9")
    else:
        job.winner = next(bid for bid in drawn["bids"] if bid != drawn["winner"])
        job.save(update_fields=["winner"])
    with pytest.raises(CommandError, match="核验未通过"):
        verify(job)


def test_verify_draw_fails_through_manage_py_with_a_non_zero_exit_status(drawn):
    """The same through the command line entry point: an altered value exits with status 1."""
    from django.core.management import ManagementUtility

    _alter_value(Draw.objects.get(job=drawn["job"]))
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "verify_draw", str(drawn["job"].pk)]).execute()
    assert exit_info.value.code == 1


def test_verify_draw_refuses_a_job_without_a_draw():
    from tests.factories import JobFactory

    with pytest.raises(CommandError):
        verify(JobFactory())


def test_a_draw_through_the_selection_service_passes_verification_and_the_public_recomputation(client, home):
    """End to end with the owner's draw service: what it stores is what the page and command check."""
    from tests.factories import DrawBeaconFactory, MembershipFactory

    from .conftest import closed_job, valid_bids

    job = closed_job(selection_method=Job.Method.RANDOM)
    valid_bids(job, [52000, 61000, 70500])
    DrawBeaconFactory(job=job)
    owner_user = MembershipFactory(organisation=job.owner).user
    selection.draw_run(actor=owner_user, job=job)
    job.refresh_from_db()
    assert job.winner is not None
    assert "核验通过" in verify(job)
    proofs, _html = published_proofs(client, job)
    proof = proofs[-1]
    pool, ranking = recompute(proof)
    assert proof["data-version"] == "zjcs-draw-v2" and pool == proof["data-pool"]
    assert ranking[0] == job.winner.random_value == Bid.objects.get(pk=job.winner_id).random_value
