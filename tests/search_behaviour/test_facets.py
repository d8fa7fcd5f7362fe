"""Facet counts follow the query: each value's count is exactly what filtering by it would
give, with the text and every other filter applied; a chosen facet still shows its other
values (its own filter is left out of its counts), and "kind" counts the kinds with `kinds` left
out."""
import pytest

from search import lexicon, text
from search.backends import get_backend
from search.documents import FACETS
from search.query import SearchQuery

from .helpers import find
from .scene import EIA, market

pytestmark = pytest.mark.django_db

ALL_FACETS = tuple(FACETS)
QUERIES = [
    {},
    {"words": "环境影响评价"},
    {"words": "成都"},
    {"words": "", "kinds": ("job",)},
    {"words": "环境", "filters": {"region": "330000"}},
    {"words": "", "filters": {"item": EIA, "grade": "B"}},
    {"words": "", "price_min": 50_000},
]


def raw_counts(engine, words="", **fields):
    """Every value's count as the backend gives it (search.api shows only some regions)."""
    query = SearchQuery(text=text.normalise(words), facets=ALL_FACETS, **fields)
    return get_backend(engine).search(query, text.compile_query(query.text, lexicon.current())).facet_counts


def narrowed(fields, facet, value):
    if facet == "kind":
        return {**fields, "kinds": (value,)}
    return {**fields, "filters": {**fields.get("filters", {}), facet: value}}


@pytest.mark.parametrize("fields", QUERIES)
def test_every_count_is_the_total_of_filtering_by_that_value(engine, fields):
    market(engine)
    counts = raw_counts(engine, **fields)
    assert counts["region"] and counts["kind"]
    for facet, values in counts.items():
        for value, count in values.items():
            assert count > 0
            assert find(engine, **narrowed(fields, facet, value)).total == count, (facet, value)


@pytest.mark.parametrize("fields", QUERIES)
def test_the_values_search_api_shows_carry_the_same_counts(engine, fields):
    market(engine)
    results = find(engine, facets=ALL_FACETS, **fields)
    assert [facet.name for facet in results.facets] == list(ALL_FACETS)
    for facet in results.facets:
        for value in facet.values:
            assert find(engine, **narrowed(fields, facet.name, value.value)).total == value.count


def test_a_chosen_facet_still_counts_its_other_values(engine):
    market(engine)
    counts = raw_counts(engine, filters={"grade": "A"})
    assert counts["grade"] == {"A": 2, "B": 3, "C": 1, "D": 1}
    # ...while the other facets count only the A-graded agencies.
    assert counts["kind"] == {"agency": 2}
    assert counts["region"] == {"330000": 2, "330100": 1, "330106": 1, "330200": 1, "330203": 1}


def test_kind_counts_leave_the_kinds_filter_out(engine):
    market(engine)
    counts = raw_counts(engine, "环境影响评价", kinds=("policy",))
    assert counts["kind"]["policy"] == 1
    assert counts["kind"]["agency"] == 5
    assert counts["region"] == {}    # policies carry no region


def test_only_the_requested_facets_are_counted(engine):
    market(engine)
    results = find(engine, facets=("grade",))
    assert [facet.name for facet in results.facets] == ["grade"]
    assert {value.value: value.count for value in results.facets[0].values} == {"A": 2, "B": 3, "C": 1, "D": 1}


def test_counts_follow_the_text(engine):
    market(engine)
    assert raw_counts(engine, "成都")["kind"] == {"agency": 2, "job": 3, "notice": 1}
    assert find(engine, "没有这个词语的文档", facets=ALL_FACETS).facets[0].values == []
