"""Collusion signs and red flags: each found with its evidence, none on clean data, shown to
active regulators only and never on public pages or before the close."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bidding.models import Bid, Job
from bidding.selectors.flags import flag_jobs, job_flags, repeat_winners, zombie_agencies
from providers.models import Organisation
from tests.factories import BidFactory, JobFactory, MembershipFactory, RegulatorFactory, UserFactory

from .conftest import closed_job, perform_draw, separate_agency, valid_bids

pytestmark = pytest.mark.django_db


def kinds(flags):
    return sorted(flag.kind for flag in flags)


def test_clean_bids_raise_no_flag(drawn):
    assert job_flags(drawn["job"]) == []


@pytest.mark.parametrize("field, first, second, evidence", [
    ("legal_representative", "王建国", " 王 建国", "王建国"),
    ("contact_phone", "0838-2201234", "0838 2201234", "0838-2201234"),
    ("contact_email", "a@deyang-zx.cn", "B@DEYANG-ZX.CN", "@deyang-zx.cn"),
    ("address", "德阳市旌阳区泰山北路88号", "德阳市旌阳区 泰山北路 88 号", "德阳市旌阳区泰山北路88号"),
])
def test_bidders_sharing_a_person_phone_mail_domain_or_address_are_flagged(field, first, second, evidence):
    job = closed_job()
    one, two = separate_agency(**{field: first}), separate_agency(**{field: second})
    valid_bids(job, [50000, 61000, 73500], agencies=[one, two, separate_agency()])
    [flag] = job_flags(job)
    kind = {"contact_phone": "phone", "contact_email": "email_domain"}.get(field, field)
    assert flag.kind == kind and flag.evidence == evidence
    assert {bid.agency for bid in flag.bids} == {one, two}


def test_public_mail_domains_are_not_a_sign_of_collusion():
    job = closed_job()
    agencies = [separate_agency(contact_email=f"firm{n}@qq.com") for n in range(3)]
    valid_bids(job, [50000, 61000, 73500], agencies=agencies)
    assert job_flags(job) == []


def test_identical_prices_and_evenly_stepped_prices_are_flagged():
    job = closed_job()
    same = valid_bids(job, [60000, 60000, 73500])
    [flag] = job_flags(job)
    assert flag.kind == "same_price" and flag.evidence == "60000.00 元" and set(flag.bids) == set(same[:2])

    stepped_job = closed_job()
    stepped = valid_bids(stepped_job, [50000, 52000, 54000, 70000])
    [flag] = job_flags(stepped_job)
    assert flag.kind == "price_step" and set(flag.bids) == set(stepped[:3])
    assert "50000.00 元、52000.00 元、54000.00 元" in flag.evidence and "2000.00 元" in flag.evidence


def test_identical_discount_rates_are_flagged_in_a_discount_job():
    job = closed_job(price_mode=Job.PriceMode.DISCOUNT)
    for rate in ("10.00", "10.00", "17.50"):
        BidFactory(job=job, agency=separate_agency(), price=None, discount_rate=Decimal(rate),
                   status=Bid.Status.VALID, ip=None)
    [flag] = job_flags(job)
    assert flag.kind == "same_price" and flag.evidence == "10.00%"


def test_bids_from_one_ip_address_are_flagged():
    job = closed_job()
    bids = valid_bids(job, [50000, 61000, 73500])
    for bid in bids[:2]:
        bid.ip = "203.0.113.7"
        bid.save(update_fields=["ip"])
    [flag] = job_flags(job)
    assert flag.kind == "same_ip" and flag.evidence == "203.0.113.7" and set(flag.bids) == set(bids[:2])


def test_a_single_valid_bidder_and_a_winning_price_at_the_ceiling_are_flagged():
    job = closed_job(ceiling_price=Decimal("80000"))
    [only] = valid_bids(job, [80000])
    perform_draw(job, [only])
    flags = job_flags(job)
    assert kinds(flags) == ["ceiling_win", "single_bidder"]
    assert "80000" in next(flag for flag in flags if flag.kind == "ceiling_win").evidence


def test_one_agency_winning_three_times_from_one_owner_in_12_months_is_flagged():
    favourite = separate_agency(name="德阳常胜咨询有限公司")
    first = closed_job()
    jobs = [first] + [closed_job(owner=first.owner) for _n in range(2)]
    for job in jobs:
        bids = valid_bids(job, [50000, 61000], agencies=[favourite, separate_agency()])
        job.winner, job.status, job.selected_at = bids[0], Job.Status.AWARDED, timezone.now()
        job.save()
    old = closed_job(owner=first.owner)  # a win 13 months ago does not count
    [old_bid] = valid_bids(old, [50000], agencies=[favourite])
    old.winner, old.status = old_bid, Job.Status.AWARDED
    old.selected_at = timezone.now() - datetime.timedelta(days=400)
    old.save()
    [repeat] = repeat_winners()
    assert repeat.agency == favourite and repeat.owner == first.owner and len(repeat.jobs) == 3
    assert "repeat_winner" in kinds(job_flags(jobs[0]))
    assert "repeat_winner" not in kinds(job_flags(old))


def test_agencies_that_never_bid_in_12_months_are_listed_as_zombies():
    long_ago = timezone.now() - datetime.timedelta(days=500)
    dormant, active, new = separate_agency(), separate_agency(), separate_agency()
    Organisation.objects.filter(pk__in=[dormant.pk, active.pk]).update(created_at=long_ago)
    BidFactory(agency=active)
    BidFactory(agency=separate_agency(), submitted_at=long_ago)  # someone else's old bid
    assert list(zombie_agencies()) == [dormant]
    assert new not in zombie_agencies()


def test_no_flag_is_computed_while_the_bids_are_sealed():
    job = JobFactory()  # open
    agency = separate_agency(legal_representative="王建国")
    BidFactory(job=job, agency=agency, price=Decimal("60000"), ip="203.0.113.7")
    BidFactory(job=job, agency=separate_agency(legal_representative="王建国"), price=Decimal("60000"),
               ip="203.0.113.7")
    assert job_flags(job) == []
    assert flag_jobs() == []


def _blacklisted(representative):
    return separate_agency(
        name="德阳市造假评估有限公司", legal_representative=representative, standing="blacklisted",
        standing_reason="出具虚假评估报告", standing_since=timezone.now() - datetime.timedelta(days=30),
    )


def test_a_bidder_under_a_blacklisted_agencys_legal_representative_is_flagged_with_the_evidence():
    blacklisted = _blacklisted("王建国")
    job = closed_job()
    shell = separate_agency(legal_representative="王 建国")
    valid_bids(job, [50000, 61000, 73500], agencies=[shell, separate_agency(), separate_agency()])
    [flag] = [flag for flag in job_flags(job) if flag.kind == "barred_representative"]
    assert flag.bids[0].agency == shell and not flag.is_collusion
    assert "王 建国" in flag.evidence and blacklisted.uscc in flag.evidence and "出具虚假评估报告" in flag.evidence
    assert [kinds(flags) for _job, flags in flag_jobs()] == [["barred_representative"]]


def test_no_such_flag_once_the_blacklisting_has_ended():
    blacklisted = _blacklisted("王建国")
    Organisation.objects.filter(pk=blacklisted.pk).update(standing_until=timezone.now() - datetime.timedelta(days=1))
    job = closed_job()
    valid_bids(job, [50000, 61000, 73500], agencies=[separate_agency(legal_representative="王建国"),
                                                    separate_agency(), separate_agency()])
    assert job_flags(job) == []


def test_regulators_see_every_agency_under_a_barred_representative_even_before_it_bids(client):
    _blacklisted("王建国")
    shell = separate_agency(name="德阳新壳咨询有限公司", legal_representative="王建国")
    regulator_client(client)
    html = client.get("/regulator/jobs/flags/").content.decode()
    section = html.split('id="barred-representatives"')[1].split("</section>")[0]
    assert "德阳新壳咨询有限公司" in section and "德阳市造假评估有限公司" in section and "出具虚假评估报告" in section
    assert f"/regulator/providers/standing/{shell.pk}/" in section


# --- who may see them ----------------------------------------------------------------------

@pytest.fixture
def colluding(db):
    job = closed_job(title="泰山路改造测试项目")
    bids = valid_bids(job, [60000, 60000, 73500])
    return job, bids


def regulator_client(client):
    # A regulator of the region's platform operator: its scope is every category of the region.
    client.force_login(RegulatorFactory(department__is_platform_operator=True).user)
    return client


def test_regulators_see_the_flags_with_their_evidence(client, colluding):
    job, bids = colluding
    regulator_client(client)
    listing = client.get("/regulator/jobs/flags/")
    assert listing.status_code == 200
    assert "泰山路改造测试项目" in listing.content.decode() and 'data-flag="same_price"' in listing.content.decode()
    detail = client.get(f"/regulator/jobs/flags/{job.pk}/").content.decode()
    assert "报价相同" in detail and "60000.00 元" in detail and bids[0].receipt_number in detail
    assert client.get("/regulator/jobs/flags/zombies/").status_code == 200


def test_an_open_job_has_no_flag_page_even_for_regulators(client):
    job = JobFactory()
    regulator_client(client)
    assert client.get(f"/regulator/jobs/flags/{job.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "owner", "bidding agency", "other user", "inactive regulator"])
def test_everyone_but_an_active_regulator_is_refused(client, colluding, role):
    job, bids = colluding
    user = {
        "anonymous": lambda: None,
        "owner": lambda: MembershipFactory(organisation=job.owner).user,
        "bidding agency": lambda: MembershipFactory(organisation=bids[0].agency).user,
        "other user": UserFactory,
        "inactive regulator": lambda: RegulatorFactory(is_active=False).user,
    }[role]()
    if user is not None:
        client.force_login(user)
    for path in ("/regulator/jobs/flags/", f"/regulator/jobs/flags/{job.pk}/", "/regulator/jobs/flags/zombies/"):
        assert client.get(path).status_code == 403, path


def test_flags_never_appear_on_public_pages(client, home, colluding):
    job, bids = colluding
    for path in ("/notices/", f"/notices/{job.pk}/", f"/notices/{job.pk}/draw/"):
        html = client.get(path).content.decode()
        for label in ("串标迹象", "data-flag", "预警", "/regulator/jobs/flags/"):
            assert label not in html, (path, label)


def test_the_flag_list_runs_the_same_number_of_queries_for_3_and_30_jobs(client):
    def scene(n):
        for _n in range(n):
            valid_bids(closed_job(), [60000, 60000, 73500])

    regulator_client(client)
    scene(3)
    client.get("/regulator/jobs/flags/")
    with CaptureQueriesContext(connection) as few:
        client.get("/regulator/jobs/flags/")
    scene(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/regulator/jobs/flags/")
    assert response.context["page"].paginator.count == 30
    assert len(many) == len(few)
