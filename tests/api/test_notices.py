"""Notices through the API (/api/v1/notices/): anyone lists and reads the published jobs (never a
draft); a job's bids stay sealed until the close — its result answers 403 "bids_sealed" and shows
no price, no name, not even how many — and afterwards every valid bid, the winner and each draw
with its proof recomputed."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding.models import Job
from tests.factories import AgencyFactory, BidFactory, JobFactory, OwnerFactory, ServiceItemFactory
from tests.factories.draws import drawn_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(db):
    item = ServiceItemFactory(code="ZJ-API-N1")
    owner = OwnerFactory()
    agencies = [AgencyFactory(name=f"德阳报价{n}号咨询有限公司") for n in range(3)]
    open_job = JobFactory(owner=owner, item=item, title="报名中的道路环评", published_at=timezone.now())
    BidFactory(job=open_job, agency=agencies[0], price=Decimal("88888.00"))
    drawn = drawn_job(owner, item, agencies, title="已抽签的水保方案")
    draft = JobFactory(title="尚未发布的草稿", status=Job.Status.DRAFT, closes_at=None, published_at=None)
    return {"open": open_job, "drawn": drawn, "draft": draft, "agencies": agencies}


def test_the_list_shows_published_jobs_newest_first_never_a_draft(client, jobs):
    body = client.get("/api/v1/notices/").json()
    titles = [job["title"] for job in body["results"]]
    assert titles == ["报名中的道路环评", "已抽签的水保方案"]
    drawn = body["results"][1]
    assert drawn["status"] == Job.Status.PUBLICITY and drawn["winner"]["name"].startswith("德阳报价")
    assert body["results"][0]["winner"] is None


def test_the_list_filters_by_status_and_method(client, jobs):
    found = client.get("/api/v1/notices/?status=publicity").json()["results"]
    assert [job["title"] for job in found] == ["已抽签的水保方案"]
    assert client.get("/api/v1/notices/?method=auction").json()["results"] == []
    assert len(client.get("/api/v1/notices/?method=bogus").json()["results"]) == 2   # an unknown value is ignored


def test_an_announcement_and_never_a_draft(client, jobs):
    body = client.get(f"/api/v1/notices/{jobs['open'].pk}/").json()
    assert body["title"] == "报名中的道路环评" and body["draw_commitment"] == jobs["open"].draw_commitment
    assert "draw_seed" not in body
    assert client.get(f"/api/v1/notices/{jobs['draft'].pk}/").status_code == 404


def test_the_bids_stay_sealed_until_the_close(client, jobs):
    response = client.get(f"/api/v1/notices/{jobs['open'].pk}/result/")
    assert response.status_code == 403
    assert response.json()["code"] == "bids_sealed"
    text = response.content.decode()
    assert "88888" not in text and jobs["agencies"][0].name not in text


def test_after_the_close_every_bid_the_winner_and_the_draw_proof(client, jobs):
    body = client.get(f"/api/v1/notices/{jobs['drawn'].pk}/result/").json()
    assert sorted(bid["price"] for bid in body["valid_bids"]) == ["52000.00", "61000.00", "70500.00"]
    assert [bid["rank"] for bid in body["valid_bids"]] == [1, 2, 3]
    assert body["winner"]["uscc"] == body["valid_bids"][0]["agency"]["uscc"]
    [draw] = body["draws"]
    assert draw["ok"] is True and draw["seed"] == Job.objects.get(pk=jobs["drawn"].pk).draw_seed
    assert len(draw["ranking"]) == 3


def test_a_bad_id_is_a_404_not_an_error(client, jobs):
    for path in ("/api/v1/notices/0/", "/api/v1/notices/99999999999999999999/result/", "/api/v1/notices/x/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/api/v1/notices/999999/").json()["code"] == "not_found"


def test_a_job_cancelled_before_its_close_never_opens_its_bids(client, jobs):
    Job.objects.filter(pk=jobs["open"].pk).update(status=Job.Status.CANCELLED,
                                                   ended_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(f"/api/v1/notices/{jobs['open'].pk}/result/").json()["code"] == "bids_sealed"
