"""`manage.py seed_scale` adds a large data set that keeps the models' rules (valid and unique
USCCs, unique receipts, the draw commitment, one live bid per agency, winners ranked first),
runs once, and the public lists show it. Small sizes here; timings are in the command's help."""
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from stdnum.cn import uscc as uscc_lib

from bidding.models import Bid, Job, JobEntryValue
from core.demo.scale import SCALE_DOMAIN
from marketplace.models import AgencyService
from providers.models import Organisation
from tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def seed_scale(*args):
    out = io.StringIO()
    call_command("seed_scale", *args, verbosity=0, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def catalogue(db):
    return [ServiceItemFactory(statutory_days=20 + n) for n in range(6)]


def test_it_needs_the_demo_catalogue_first(db):
    with pytest.raises(CommandError, match="seed_demo"):
        seed_scale("--agencies", "5", "--jobs", "5")
    assert not Organisation.objects.exists() and not Job.objects.exists()


def test_it_builds_agencies_offers_jobs_and_bids_that_keep_the_rules(catalogue):
    seed_scale("--agencies", "60", "--jobs", "400", "--bids-per-job", "3", "--owners", "8")

    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY, contact_email__endswith=SCALE_DOMAIN)
    assert agencies.count() == 60
    assert Organisation.objects.filter(kind=Organisation.Kind.OWNER).count() == 8
    usccs = list(Organisation.objects.values_list("uscc", flat=True))
    assert len(set(usccs)) == len(usccs) and all(uscc_lib.is_valid(code) for code in usccs)
    assert AgencyService.objects.filter(agency__in=agencies).count() >= 60

    jobs = Job.objects.all()
    assert jobs.count() == 400
    assert len({job.status for job in jobs}) >= 4
    for job in jobs:
        assert job.draw_commitment == hashlib.sha256(job.draw_seed.encode()).hexdigest()
        assert job.status == Job.Status.DRAFT or job.closes_at is not None
    winners = jobs.filter(winner__isnull=False)
    assert winners.exists()
    assert not winners.exclude(winner__job=F("pk")).exists()
    assert set(winners.values_list("winner__status", "winner__rank").distinct()) == {(Bid.Status.VALID, 1)}
    open_jobs = jobs.filter(status=Job.Status.PUBLISHED)
    assert not Bid.objects.filter(job__in=open_jobs).exclude(status=Bid.Status.LIVE).exists()

    bids = Bid.objects.all()
    assert 0 < bids.count() <= 3 * 400
    receipts = list(bids.values_list("receipt_number", flat=True))
    assert len(set(receipts)) == len(receipts)
    assert not bids.values("job", "agency").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not bids.filter(job__status=Job.Status.DRAFT).exists()
    assert not bids.exclude(agency__services__item=F("job__item")).exists()  # agencies bid on what they offer
    assert JobEntryValue.objects.count() == bids.count()
    assert not JobEntryValue.objects.exclude(
        value__in=bids.filter(job=F("job"), agency=F("agency")).values("random_value")
    ).exists()


def test_it_runs_once(catalogue):
    seed_scale("--agencies", "10", "--jobs", "20")
    counts = (Organisation.objects.count(), Job.objects.count(), Bid.objects.count())

    with pytest.raises(CommandError, match="runs once"):
        seed_scale("--agencies", "10", "--jobs", "20")
    assert (Organisation.objects.count(), Job.objects.count(), Bid.objects.count()) == counts


def test_the_public_lists_show_the_scale_data(client, catalogue):
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    seed_scale("--agencies", "50", "--jobs", "200")
    for path in ("/agencies/", "/notices/", "/agencies/?before=end", "/notices/?before=end", "/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "共 50 家机构" in client.get("/agencies/").content.decode()
