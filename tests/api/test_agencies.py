"""The directory through the API (/api/v1/agencies/): anyone lists agencies in the directory's
order with its filters, pages deep by a keyset cursor in a constant number of queries, and reads
one agency with its credit explained line by line; an unrated agency shows no grade, a suspended
one its suspension with the reason."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from providers.models import Standing
from providers.services.standing import standing_set
from tests.factories import AgencyFactory, AgencyServiceFactory, RegulatorFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


def rated(name, score, grade):
    return AgencyFactory(name=name, credit_score=Decimal(score), credit_grade=grade,
                         credit_rated_at=timezone.now())


@pytest.fixture
def directory(db):
    item = ServiceItemFactory(code="ZJ-API-01")
    best, good = rated("德阳甲级咨询有限公司", 95, "A"), rated("德阳乙级咨询有限公司", 82, "B")
    new = AgencyFactory(name="德阳新设咨询有限公司")
    AgencyServiceFactory(agency=good, item=item)
    return {"item": item, "best": best, "good": good, "new": new}


def names(response):
    assert response.status_code == 200
    return [agency["name"] for agency in response.json()["results"]]


def test_the_list_is_in_the_directorys_order_and_an_unrated_agency_has_no_grade(client, directory):
    body = client.get("/api/v1/agencies/").json()
    assert [a["name"] for a in body["results"]] == [
        "德阳甲级咨询有限公司", "德阳乙级咨询有限公司", "德阳新设咨询有限公司"]
    best, good, new = body["results"]
    assert best["credit"]["grade"] == "A" and best["credit"]["score"] == "95.00"
    assert new["credit"] is None and new["standing"] is None
    assert good["items"] == ["ZJ-API-01"]


def test_the_list_filters_like_the_directory(client, directory):
    assert names(client.get("/api/v1/agencies/?grade=B")) == ["德阳乙级咨询有限公司"]
    assert names(client.get("/api/v1/agencies/?item=ZJ-API-01")) == ["德阳乙级咨询有限公司"]
    assert names(client.get("/api/v1/agencies/?q=新设")) == ["德阳新设咨询有限公司"]
    assert names(client.get(f"/api/v1/agencies/?q={directory['best'].uscc}")) == ["德阳甲级咨询有限公司"]


def test_pages_follow_by_cursor_and_a_foreign_cursor_reads_the_first_page(client, directory):
    first = client.get("/api/v1/agencies/?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert [a["name"] for a in second["results"]] == ["德阳新设咨询有限公司"] and second["next"] is None
    assert names(client.get("/api/v1/agencies/?page_size=1&cursor=not-ours")) == ["德阳甲级咨询有限公司"]
    assert names(client.get("/api/v1/agencies/?page_size=x"))[:1] == ["德阳甲级咨询有限公司"]


def test_the_list_runs_the_same_queries_for_more_agencies(client, directory):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/agencies/").status_code == 200
        return len(captured)

    before = queries()
    for number in range(15):
        AgencyServiceFactory(agency=rated(f"德阳{number}号咨询有限公司", 60 + number, "C"), item=directory["item"])
    assert queries() == before


def test_one_agency_with_its_credit_explained(client, directory):
    agency = directory["best"]
    body = client.get(f"/api/v1/agencies/{agency.uscc}/").json()
    assert body["name"] == "德阳甲级咨询有限公司" and body["address"] == agency.address
    explanation = body["explanation"]
    assert {"base", "score", "grade", "events", "min_events", "rule_version", "lines"} <= set(explanation)
    assert client.get("/api/v1/agencies/91510600NOSUCH000X/").json()["code"] == "not_found"


def test_a_suspended_agency_shows_its_suspension_and_reason(client, directory, django_capture_on_commit_callbacks):
    until = timezone.now() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        standing_set(actor=RegulatorFactory().user, agency=directory["good"], standing=Standing.SUSPENDED,
                     reason="拒不签约", until=until)
    shown = next(a for a in client.get("/api/v1/agencies/").json()["results"] if a["name"] == "德阳乙级咨询有限公司")
    assert shown["standing"]["code"] == Standing.SUSPENDED and shown["standing"]["reason"] == "拒不签约"
