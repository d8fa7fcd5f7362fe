"""What the backends keep: index() adds or replaces documents (their tags too), delete() removes
them, rebuild() replaces one kind whole, count() and clear(); a hit is the document as indexed."""
from decimal import Decimal

import pytest

from search.backends import get_backend

from .helpers import at, doc, find, index, keys, titles

pytestmark = pytest.mark.django_db


def test_a_hit_carries_the_document_as_indexed(engine):
    index(engine, doc("杭州绿源环境科技有限公司", kind="agency", ref=7, summary="环境影响评价", date=at(2025, 3, 1),
                      price=1234.5, badges={"standing": "blacklisted", "standing_label": "列入黑名单"},
                      facets={"region": ["330000", "330100"], "grade": ["A"]}))
    hit = find(engine, "绿源").hits[0]
    assert (hit.kind, hit.ref, hit.url, hit.title, hit.summary) == (
        "agency", 7, "/agency/7/", "杭州绿源环境科技有限公司", "环境影响评价")
    assert hit.date == at(2025, 3, 1)
    assert Decimal(hit.price) == Decimal("1234.50")
    assert hit.badges == {"standing": "blacklisted", "standing_label": "列入黑名单"}
    assert hit.facets == {"region": ["330000", "330100"], "grade": ["A"]}
    assert "<mark>" in hit.title_html


def test_indexing_again_replaces_the_document_and_its_facets(engine):
    index(engine, doc("杭州绿源环境科技有限公司", ref=1, facets={"grade": ["A"]}))
    index(engine, doc("杭州绿源测绘有限公司", ref=1, facets={"grade": ["C"]}))
    assert get_backend(engine).count() == 1
    assert find(engine, "环境").total == 0
    assert titles(find(engine, "测绘")) == ["杭州绿源测绘有限公司"]
    assert find(engine, filters={"grade": "A"}).total == 0
    assert find(engine, filters={"grade": "C"}).total == 1


def test_the_same_ref_in_two_kinds_is_two_documents(engine):
    index(engine, doc("环境", kind="agency", ref=1), doc("环境", kind="job", ref=1))
    assert sorted(keys(find(engine, "环境"))) == [("agency", 1), ("job", 1)]


def test_delete(engine):
    backend = get_backend(engine)
    index(engine, doc("甲环境", kind="job", ref=1), doc("乙环境", kind="job", ref=2),
          doc("丙环境", kind="agency", ref=1))
    assert backend.delete("job", [1, 99]) == 1
    assert sorted(keys(find(engine, "环境"))) == [("agency", 1), ("job", 2)]
    assert backend.delete("job", []) == 0


def test_rebuild_replaces_one_kind(engine):
    backend = get_backend(engine)
    index(engine, doc("旧项目环境", kind="job", ref=1), doc("旧项目环境", kind="job", ref=2),
          doc("机构环境", kind="agency", ref=1))
    written = []
    fresh = (doc(f"新项目环境{n}", kind="job", ref=n) for n in range(10, 15))
    assert backend.rebuild("job", fresh, total=5, progress=written.append) == 5
    assert sum(written) == 5
    assert backend.count("job") == 5
    assert backend.count("agency") == 1
    assert find(engine, "旧项目").total == 0
    assert find(engine, "新项目", kinds=("job",)).total == 5


def test_count_and_clear(engine):
    backend = get_backend(engine)
    index(engine, *(doc(f"环境{n}", kind=("job", "item")[n % 2]) for n in range(5)))
    assert (backend.count(), backend.count("job"), backend.count("item"), backend.count("notice")) == (5, 3, 2, 0)
    backend.clear()
    assert backend.count() == 0
    assert find(engine, "环境").total == 0
