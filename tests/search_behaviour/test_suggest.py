"""Suggestions as one types: titles starting with what was typed, or a name whose pinyin does;
agencies and items before the other kinds."""
import pytest

from search import api
from search.backends import get_backend

from .helpers import doc, index

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(engine):
    index(engine,
          doc("杭州绿源环境科技有限公司", kind="agency", names=["杭州绿源环境科技有限公司"], rank=0.5),
          doc("杭州湾新区规划环境影响评价服务采购", kind="job"),
          doc("杭州清水环境工程有限公司", kind="agency", names=["杭州清水环境工程有限公司"], rank=0.9),
          doc("宁波海天测绘有限公司", kind="agency", names=["宁波海天测绘有限公司"]),
          doc("环境影响评价", kind="item", names=["环境影响评价"]))
    return engine


def suggested(engine, prefix, limit=8):
    return [title for title, _kind, _url in get_backend(engine).suggest(prefix, limit)]


def test_titles_starting_with_the_prefix_agencies_first_by_credit(indexed):
    assert suggested(indexed, "杭州") == [
        "杭州清水环境工程有限公司", "杭州绿源环境科技有限公司", "杭州湾新区规划环境影响评价服务采购"]


def test_pinyin_prefixes(indexed):
    assert suggested(indexed, "hangzhou")[:2] == ["杭州清水环境工程有限公司", "杭州绿源环境科技有限公司"]
    assert suggested(indexed, "haiti") == ["宁波海天测绘有限公司"]
    assert suggested(indexed, "nbht") == ["宁波海天测绘有限公司"]


def test_limit_and_kind_and_url(indexed):
    found = get_backend(indexed).suggest("杭州", 1)
    assert found == [("杭州清水环境工程有限公司", "agency", found[0][2])]
    assert found[0][2].startswith("/agency/")
    assert get_backend(indexed).suggest("杭州", 0) == []


@pytest.mark.parametrize("typed", ["", "'", '"', "*", "%", "_", "\\", "环境:*", "a" * 300])
def test_odd_prefixes_answer(indexed, typed):
    assert isinstance(api.suggest(typed, backend=indexed), list)
