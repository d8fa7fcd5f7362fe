"""Search through the API (/api/v1/search/): the same interface and parameters as the results
page, so it finds what the site finds (环评 finds the EIA item, its agencies and jobs; never a
draft), counts facets, and names what it left out instead of refusing."""
import pytest

pytestmark = pytest.mark.django_db


def test_the_api_finds_what_the_site_finds(client, world):
    body = client.get("/api/v1/search/", {"q": "环评"}).json()
    titles = [hit["title"] for hit in body["hits"]]
    assert "旌阳区东湖路改建工程报告书编制" in titles and world["eia"].name in titles
    assert "尚未发布的园区道路工程报告书编制" not in titles and body["total"] == len(body["hits"])
    assert any(word == "环评" and "环境影响评价" in synonyms for word, synonyms in body["understood"])
    road = next(hit for hit in body["hits"] if hit["title"] == "旌阳区东湖路改建工程报告书编制")
    assert road["kind"] == "job" and road["url"].endswith(f"/notices/{world['road'].pk}/")


def test_one_kind_with_its_facet_counts(client, world):
    body = client.get("/api/v1/search/", {"q": "环评", "kind": "agency"}).json()
    assert {hit["kind"] for hit in body["hits"]} == {"agency"}
    assert body["facets"] and all(value["count"] >= 0 for facet in body["facets"] for value in facet["values"])


def test_bad_parameters_are_named_in_notes_not_refused(client, world):
    response = client.get("/api/v1/search/", {"q": "环评", "kind": "nonsense", "sort": "sideways", "page": "x"})
    assert response.status_code == 200
    assert len(response.json()["notes"]) >= 2
