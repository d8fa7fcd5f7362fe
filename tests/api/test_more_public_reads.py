"""The rest of the public reads through the API: the red list, the model contracts (never a draft
version; a withdrawn one stays readable) and the statistics summary — each what its public page
shows."""
from decimal import Decimal

import pytest
from django.utils import timezone

from contracts.models import TemplateVersion
from tests.factories import AgencyFactory, ContractTemplateFactory, TemplateVersionFactory

pytestmark = pytest.mark.django_db


def test_the_red_list_holds_the_a_graded_agencies_the_rule_names(client, db):
    long_ago = timezone.now() - timezone.timedelta(days=800)
    AgencyFactory(name="德阳长期甲级咨询有限公司", credit_grade="A", credit_score=Decimal("96"),
                  credit_rated_at=timezone.now(), credit_grade_since=long_ago)
    AgencyFactory(name="德阳乙级咨询有限公司", credit_grade="B", credit_score=Decimal("80"),
                  credit_rated_at=timezone.now(), credit_grade_since=long_ago)
    body = client.get("/api/v1/credit/redlist/").json()
    assert [row["name"] for row in body["results"]] == ["德阳长期甲级咨询有限公司"]
    assert body["results"][0]["grade"] == "A"


def test_the_model_contracts_and_each_published_version_with_its_clauses(client, db):
    template = ContractTemplateFactory(code="ZJ-HT-API", title="测绘技术服务合同")
    TemplateVersionFactory(template=template, number=1, status=TemplateVersion.Status.WITHDRAWN)
    TemplateVersionFactory(template=template, number=2)
    TemplateVersionFactory(template=template, number=3, status=TemplateVersion.Status.DRAFT, published_at=None)
    [listed] = client.get("/api/v1/contracts/templates/").json()["results"]
    assert listed["code"] == "ZJ-HT-API" and [v["number"] for v in listed["versions"]] == [2, 1]
    version = client.get("/api/v1/contracts/templates/ZJ-HT-API/v2/").json()
    assert version["template"] == "ZJ-HT-API" and version["clauses"][0]["title"] == "合同双方"
    assert any(part["key"] for clause in version["clauses"] for part in clause["parts"])   # a term to fill in
    assert client.get("/api/v1/contracts/templates/ZJ-HT-API/v1/").json()["status"] == "withdrawn"
    assert client.get("/api/v1/contracts/templates/ZJ-HT-API/v3/").status_code == 404


def test_the_statistics_summary_has_its_headlines_and_tables(client, db):
    body = client.get("/api/v1/statistics/").json()
    assert {h["key"] for h in body["headlines"]} >= {"jobs", "amount", "savings", "time", "goal"}
    assert [f["key"] for f in body["figures"]] and all(f["columns"] and "rows" in f for f in body["figures"])
    assert body["period"]["start"] <= body["period"]["end"]
