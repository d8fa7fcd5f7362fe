"""Sorts: newest and oldest by date, credit by rank, price low and high; documents without the
value come last whatever the direction; relevance without text falls back to rank, then date."""
import pytest

from .helpers import at, doc, find, index, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(engine):
    index(engine,
          doc("甲 环境", rank=0.5, date=at(2025, 1, 2), price=300),
          doc("乙 环境", rank=0.9, date=at(2025, 3, 1), price=None),
          doc("丙 环境", rank=0.1, date=None, price=100),
          doc("丁 环境", rank=0.7, date=at(2024, 12, 31), price=200))
    return engine


def order(engine, sort, words="环境"):
    return [title.split()[0] for title in titles(find(engine, words, sort=sort))]


def test_newest_and_oldest_put_documents_without_a_date_last(dated):
    assert order(dated, "newest") == ["乙", "甲", "丁", "丙"]
    assert order(dated, "oldest") == ["丁", "甲", "乙", "丙"]


def test_credit_is_rank_highest_first(dated):
    assert order(dated, "credit") == ["乙", "丁", "甲", "丙"]


def test_price_low_and_high_put_documents_without_a_price_last(dated):
    assert order(dated, "price_low") == ["丙", "丁", "甲", "乙"]
    assert order(dated, "price_high") == ["甲", "丁", "丙", "乙"]


def test_relevance_without_text_is_rank_then_date(engine):
    index(engine,
          doc("甲", rank=0.5, date=at(2025, 1, 2)),
          doc("乙", rank=0.5, date=at(2025, 3, 1)),
          doc("丙", rank=0.9, date=None))
    assert titles(find(engine)) == ["丙", "乙", "甲"]

