"""Filters: `filters[facet] = value` holds exactly the documents carrying that value; kinds,
dates (days in Asia/Shanghai, both ends inclusive) and prices (yuan, inclusive) are ranges on
the document's own fields; every filter applies together with the text and with each other."""
import datetime

import pytest

from .helpers import every_key, find
from .scene import EIA, SURVEY, SWC, market

pytestmark = pytest.mark.django_db


def expected(documents, predicate):
    return sorted(d.key for d in documents if predicate(d))


def found(engine, words="", **fields):
    return sorted(f"{kind}:{ref}" for kind, ref in every_key(engine, words, **fields))


@pytest.mark.parametrize(("facet", "value"), [
    ("item", EIA), ("item", SWC), ("category", "water"), ("region", "330000"), ("region", "330100"),
    ("region", "330106"), ("region", "510104"), ("grade", "A"), ("grade", "D"), ("rating", "4up"),
    ("rating", "3up"), ("price", "lt50k"), ("price", "1m-5m"), ("status", "published"),
    ("method", "lottery"), ("standing", "blacklisted"), ("standing", "normal"),
])
def test_each_facet_filter_keeps_exactly_the_documents_with_that_value(engine, facet, value):
    documents = market(engine)
    assert found(engine, filters={facet: value}) == expected(documents, lambda d: value in d.facets.get(facet, ()))


def test_a_filter_applies_together_with_the_text_and_the_other_filters(engine):
    documents = market(engine)
    result = found(engine, "环境影响评价", filters={"region": "330000", "grade": "A"})
    assert result == expected(documents, lambda d: d.kind == "agency" and "330000" in d.facets["region"]
                              and d.facets.get("grade") == ["A"] and EIA in d.facets["item"])
    assert result  # the scene has one


def test_an_unknown_value_or_a_facet_no_document_carries_finds_nothing(engine):
    market(engine)
    assert find(engine, filters={"region": "999999"}).total == 0
    assert find(engine, filters={"grade": "Z"}).total == 0
    assert find(engine, filters={"status": SURVEY}).total == 0


def test_kinds(engine):
    documents = market(engine)
    assert found(engine, kinds=("job",)) == expected(documents, lambda d: d.kind == "job")
    assert found(engine, kinds=("item", "policy")) == expected(documents, lambda d: d.kind in ("item", "policy"))
    assert found(engine, "环境影响评价", kinds=("policy",)) == ["policy:1"]


def test_a_facet_some_kinds_do_not_carry_leaves_those_kinds_out(engine):
    market(engine)
    assert {key.split(":")[0] for key in found(engine, filters={"status": "published"})} == {"job"}


def test_dates_are_days_in_shanghai_both_ends_inclusive(engine):
    market(engine)
    march_first = found(engine, kinds=("job",), date_from=datetime.date(2025, 3, 1),
                        date_to=datetime.date(2025, 3, 31))
    # 2025-03-01 00:30 and 2025-03-31 23:59 in Shanghai are in March; 2025-02-28 23:30 is not.
    assert march_first == ["job:1", "job:10"]
    assert found(engine, kinds=("job",), date_to=datetime.date(2025, 2, 28)) == [
        "job:2", "job:3", "job:4", "job:5", "job:8", "job:9"]
    assert found(engine, kinds=("job",), date_from=datetime.date(2025, 4, 2), date_to=datetime.date(2025, 4, 2)) \
        == ["job:6", "job:7"]


def test_a_date_range_leaves_out_documents_without_a_date(engine):
    market(engine)
    assert "agency:7" not in found(engine, kinds=("agency",), date_from=datetime.date(2000, 1, 1))
    assert "agency:7" in found(engine, kinds=("agency",))


def test_price_range_in_yuan_both_ends_inclusive(engine):
    market(engine)
    assert found(engine, price_min=50_000, price_max=200_000) == ["job:2", "job:5", "job:8"]
    assert found(engine, price_min=6_000_000) == ["job:6"]
    assert found(engine, price_max=49_999) == ["job:1", "job:9"]
    # Without a price (job 7, every agency) nothing passes a price filter.
    assert "job:7" not in found(engine, price_max=10**9)


def test_no_text_with_filters_lists_what_the_filters_let_through(engine):
    documents = market(engine)
    results = find(engine, kinds=("agency",), filters={"region": "330100"})
    assert results.total == len(expected(documents, lambda d: d.kind == "agency" and "330100" in d.facets["region"]))
    assert results.total == 3
