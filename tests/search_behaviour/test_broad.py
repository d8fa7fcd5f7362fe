"""A broad search on the database backend (more matches than EXACT_LIMIT, a common word over a
million jobs): its total and facet counts are estimates from the 1-in-SAMPLE sample, marked as
such; what the query names exactly comes first, the rest by credit and date; pages still hold
every hit once. The limits are made small here so a few documents are "broad"."""
import re

import pytest

from search.backends import database

from .helpers import doc, every_key, find, index, keys

pytestmark = pytest.mark.django_db

LIMIT, SAMPLE = 10, 2


@pytest.fixture
def broad(monkeypatch, db):
    from search.backends import get_backend

    monkeypatch.setattr(database, "EXACT_LIMIT", LIMIT)
    monkeypatch.setattr(database, "SAMPLES", (SAMPLE,))
    get_backend("database").clear()
    return "database"


def crowd(engine, n=30):
    """`n` agencies offering 环境影响评价 in two provinces, ranks 0.01 … n/100; one named so."""
    index(engine, *(
        doc(f"恒信环境咨询{ref}号", ref=ref, rank=ref / 100, keywords=["环境影响评价"],
            facets={"region": ["510000" if ref % 3 else "330000"]})
        for ref in range(1, n + 1)
    ), doc("环境影响评价", kind="item", ref=500, rank=0.0, keywords=["环境影响评价"]))


def test_a_broad_search_says_its_total_and_counts_are_estimates(broad):
    crowd(broad)
    results = find(broad, "环境影响评价", facets=("region",))
    assert not results.exact
    assert str(results.count).startswith("约")
    assert results.total > LIMIT
    regions = {value.value: value for value in results.facets[0].values}
    assert set(regions) == {"510000", "330000"}
    assert all(not value.exact and value.shown.startswith("约") for value in regions.values())
    # the counts are the sample's (even ids) times SAMPLE
    assert regions["330000"].count == SAMPLE * len([r for r in range(2, 31, 2) if r % 3 == 0])


def test_a_narrow_search_stays_exact(broad):
    crowd(broad, n=8)
    results = find(broad, "环境影响评价", facets=("region",))
    assert results.exact and results.total == 9
    assert str(results.count) == "9"


def test_what_the_query_names_comes_first_then_credit(broad):
    crowd(broad)
    results = find(broad, "环境影响评价", page_size=5)
    assert keys(results)[0] == ("item", 500)  # the title equal to the query
    assert keys(results)[1:] == [("agency", ref) for ref in (30, 29, 28, 27)]


def test_the_pages_of_a_broad_search_hold_every_hit_once(broad):
    crowd(broad)
    found = every_key(broad, "环境影响评价")
    paged = []
    for page in range(1, 5):
        paged += keys(find(broad, "环境影响评价", page=page, page_size=8))
    assert len(found) == len(set(found)) == 31
    assert paged == found


def test_a_broad_search_filters_exactly(broad):
    crowd(broad)
    results = find(broad, "环境影响评价", filters={"region": "330000"}, page_size=50)
    assert {ref for _kind, ref in keys(results)} == {r for r in range(1, 31) if r % 3 == 0}


def test_the_results_page_says_about_how_many(broad, client):
    crowd(broad)
    page = client.get("/search/", {"q": "环境影响评价"}).content.decode()
    assert re.search(r"约 \d+ 条结果", page)   # the sample's count times 2
    assert "共 " not in page.split('class="result-count"')[1].split("</p>")[0]


def test_a_filter_s_own_counts_may_be_estimates_while_the_rest_are_exact(broad):
    crowd(broad)
    results = find(broad, "环境影响评价", filters={"region": "330000"}, facets=("region", "kind"))
    assert results.exact and results.total == 10
    facets = {facet.name: facet.values for facet in results.facets}
    # the region's counts leave its own filter out: every match, a broad set
    assert all(not value.exact for value in facets["region"])
    assert [(value.value, value.count, value.exact) for value in facets["kind"]] == [("agency", 10, True)]
