"""Pages: for every sort, pages 1..n together are every hit exactly once (ties are broken by
kind and ref, so a page never repeats or skips one); the total is the same on every page; a
page past the end is an empty page with the total and a message."""
import pytest

from search.query import SORTS

from .helpers import at, doc, every_key, find, index, keys

pytestmark = pytest.mark.django_db


def crowd(engine, n=45):
    """Documents made to tie: five dates, three ranks, three prices (one missing), two kinds,
    the same words."""
    index(engine, *(
        doc(f"环境影响评价报告{n % 3}", kind=("agency", "job")[n % 2], ref=n, rank=(0.5, 0.8, 0.0)[n % 3],
            date=at(2025, 1, 1 + n % 5) if n % 7 else None, price=(None, 1000, 2000)[n % 3],
            summary="环境影响评价")
        for n in range(1, n + 1)
    ))


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("words", ["", "环境影响评价"])
def test_pages_together_are_every_hit_once(engine, sort, words):
    crowd(engine)
    seen, totals = [], set()
    for page in range(1, 6):
        results = find(engine, words, sort=sort, page=page, page_size=10)
        seen += keys(results)
        totals.add(results.total)
    assert totals == {45}
    assert len(seen) == 45
    assert len(set(seen)) == 45


@pytest.mark.parametrize("sort", SORTS)
def test_the_same_page_twice_is_the_same(engine, sort):
    crowd(engine)
    assert keys(find(engine, "环境", sort=sort, page=3, page_size=7)) == \
        keys(find(engine, "环境", sort=sort, page=3, page_size=7))


def test_page_sizes_agree(engine):
    crowd(engine)
    by_tens = []
    for page in range(1, 6):
        by_tens += keys(find(engine, "环境影响评价", page=page, page_size=10))
    assert by_tens == every_key(engine, "环境影响评价")


def test_a_page_past_the_end_is_empty_with_the_total_and_a_message(engine):
    crowd(engine)
    results = find(engine, "环境影响评价", page=9, page_size=10)
    assert results.hits == []
    assert results.total == 45
    assert results.pages == 5
    assert results.message


def test_the_last_page_holds_the_rest(engine):
    crowd(engine)
    results = find(engine, page=5, page_size=10)
    assert len(results.hits) == 5
    assert results.total == 45
