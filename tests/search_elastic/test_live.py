"""The backend against a live server (osmem-server, or the cluster at ELASTICSEARCH_URL)."""
import pytest

from search import text
from search.query import SearchQuery

from .conftest import day, make_document, price

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def backend(elasticsearch_backend, words):
    return elasticsearch_backend


def find(backend, words, q="", **options):
    raw = backend.search(SearchQuery(text=text.normalise(q), **options), text.compile_query(q, words))
    return raw


def keys(raw):
    return [d.key for d in raw.documents]


AGENCIES = [
    make_document(ref=1, title="杭州环境影响评价有限公司", summary="承接建设项目环境影响评价",
                  names=["杭州环境影响评价有限公司"], codes=["91330100MA2ABCDE1X"],
                  facets={"region": ["330000", "330100"], "grade": ["A"]}, rank=0.9, date=day(2025, 1, 5)),
    make_document(ref=2, title="宁波水土保持技术服务中心", summary="水土保持方案编制",
                  names=["宁波水土保持技术服务中心"],
                  facets={"region": ["330000", "330200"], "grade": ["B"]}, rank=0.7, date=day(2025, 2, 5)),
    make_document(ref=3, title="宁波测绘院", summary="测绘", facets={"region": ["330000", "330200"]},
                  rank=0.5, date=day(2025, 3, 5)),
]
JOBS = [
    make_document(kind="job", ref=10, title="某厂房环评服务采购", price=price("12000.50"),
                  facets={"region": ["330000", "330100"], "status": ["open"]}, date=day(2025, 1, 31, 20)),
    make_document(kind="job", ref=11, title="道路工程测绘服务", price=price("800"),
                  facets={"region": ["330000", "330200"], "status": ["closed"]}, date=day(2025, 2, 1, 1)),
]


@pytest.fixture
def indexed(backend):
    backend.index(AGENCIES + JOBS)
    return backend


def test_index_count_and_clear(indexed):
    assert indexed.count() == 5
    assert indexed.count("agency") == 3
    assert indexed.count("notice") == 0   # a kind never indexed has no index: zero, not an error
    indexed.clear()
    assert indexed.count() == 0


@pytest.mark.parametrize("q", ["环境影响评价", "环评", "影响评价", "huanping", "hp", "HuanPing"])
def test_the_trades_words_find_the_same_documents(indexed, words, q):
    assert keys(find(indexed, words, q, kinds=("agency",))) == ["agency:1"]


def test_a_synonym_finds_both_sides(indexed, words):
    assert set(keys(find(indexed, words, "环评"))) == {"agency:1", "job:10"}


def test_every_word_must_match(indexed, words):
    assert keys(find(indexed, words, "宁波 测绘", kinds=("agency",))) == ["agency:3"]
    assert keys(find(indexed, words, "杭州 测绘")) == []


def test_query_syntax_is_just_characters(indexed, words):
    for q in ['" OR 1=1 --', "*:*", "field:(", "title:宁波 AND", "\\"]:
        raw = find(indexed, words, q)
        assert raw.total == len(raw.documents) <= 5


def test_exact_code_ranks_first(indexed, words):
    assert keys(find(indexed, words, "91330100ma2abcde1x")) == ["agency:1"]


def test_filters_and_facet_counts(indexed, words):
    raw = find(indexed, words, kinds=("agency",), filters={"region": "330200"},
               facets=("kind", "region", "grade"))
    assert keys(raw) == ["agency:2", "agency:3"] and raw.total == 2
    # each facet counted under every filter but its own
    assert raw.facet_counts["kind"] == {"agency": 2, "job": 1}
    assert raw.facet_counts["region"] == {"330000": 3, "330100": 1, "330200": 2}
    assert raw.facet_counts["grade"] == {"B": 1}


def test_facet_counts_equal_the_filtered_totals(indexed, words):
    raw = find(indexed, words, "服务", facets=("region", "status"))
    for facet, counts in raw.facet_counts.items():
        for value, count in counts.items():
            assert find(indexed, words, "服务", filters={facet: value}).total == count


def test_a_filter_on_a_facet_a_kind_lacks_leaves_that_kind_out(indexed, words):
    assert keys(find(indexed, words, filters={"status": "open"})) == ["job:10"]


def test_dates_are_days_in_shanghai(indexed, words):
    # job 10 is 2025-02-01 04:00 in Shanghai, job 11 09:00 the same day
    january = find(indexed, words, kinds=("job",), date_to=day(2025, 1, 31).date())
    assert keys(january) == []
    february = find(indexed, words, kinds=("job",), sort="oldest",
                    date_from=day(2025, 2, 1).date(), date_to=day(2025, 2, 1).date())
    assert keys(february) == ["job:10", "job:11"]


def test_prices_and_price_sorts(indexed, words):
    assert keys(find(indexed, words, price_min=1000)) == ["job:10"]
    assert keys(find(indexed, words, kinds=("job",), sort="price_low")) == ["job:11", "job:10"]
    # documents without a price come last either way
    assert keys(find(indexed, words, sort="price_high"))[:2] == ["job:10", "job:11"]
    assert keys(find(indexed, words, sort="price_low"))[2:] == ["agency:1", "agency:2", "agency:3"]


def test_documents_read_back_as_they_went_in(indexed, words):
    job = find(indexed, words, "厂房").documents[0]
    assert job.price == price("12000.50") and job.date == JOBS[0].date and job.facets == JOBS[0].facets


def test_sorts(indexed, words):
    assert keys(find(indexed, words, kinds=("agency",), sort="credit")) == ["agency:1", "agency:2", "agency:3"]
    assert keys(find(indexed, words, kinds=("agency",), sort="newest")) == ["agency:3", "agency:2", "agency:1"]
    # relevance with no text: rank, then date
    assert keys(find(indexed, words, kinds=("agency",))) == ["agency:1", "agency:2", "agency:3"]


def test_pages_neither_repeat_nor_skip(backend, words):
    # equal scores, ranks and dates: the tie-break (kind, ref) orders them
    backend.index([make_document(ref=ref, title=f"测绘公司{ref}", date=day(2025, 1, 1)) for ref in range(1, 24)])
    seen = []
    for page in (1, 2, 3):
        raw = find(backend, words, "测绘", page=page, page_size=10)
        assert raw.total == 23
        seen += keys(raw)
    assert seen == [f"agency:{ref}" for ref in range(1, 24)]


def test_update_and_delete_are_seen_at_once(indexed, words):
    indexed.index([make_document(ref=3, title="宁波地理信息测绘院", facets={"region": ["330000", "330200"]})])
    assert find(indexed, words, "地理信息").documents[0].title == "宁波地理信息测绘院"
    assert indexed.delete("agency", [3, 99]) == 1   # a missing ref is ignored
    assert find(indexed, words, "测绘", kinds=("agency",)).total == 0
    assert indexed.delete("notice", [1]) == 0        # nothing of that kind yet


def test_suggest_by_title_and_pinyin_agencies_first(indexed):
    assert indexed.suggest("宁波", 5) == [
        ("宁波水土保持技术服务中心", "agency", "/agency/2/"), ("宁波测绘院", "agency", "/agency/3/"),
    ]
    assert indexed.suggest("hangzhou", 5) == [("杭州环境影响评价有限公司", "agency", "/agency/1/")]
    assert [title for title, _kind, _url in indexed.suggest("某", 5)] == ["某厂房环评服务采购"]
    assert indexed.suggest("宁波", 1) == [("宁波水土保持技术服务中心", "agency", "/agency/2/")]
    assert indexed.suggest("宁波", 0) == []


@pytest.mark.parametrize(("q", "found"), [
    ("环竟影响评价", ["agency:1"]),          # one character wrong: most of the title's bigrams
    ("shuitubaochi", ["agency:2"]),          # a letter wrong in the pinyin
    ("宁波 规划", []),                        # a word missing is not a near-miss
    ("旧测绘", []),
])
def test_near_misses_when_the_words_find_nothing(indexed, words, q, found):
    assert keys(find(indexed, words, q, kinds=("agency",))) == found


def test_nothing_indexed_yet_is_an_empty_answer(backend, words):
    raw = find(backend, words, "测绘", facets=("kind", "region"))
    assert (raw.total, raw.documents, raw.facet_counts) == (0, [], {"kind": {}, "region": {}})
    assert backend.suggest("测", 5) == []
