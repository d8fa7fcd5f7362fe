import pytest

from search.spelling import did_you_mean


@pytest.mark.parametrize("query, meant", [
    ("坏评", "环评"),            # a near-homophone from the input method
    ("huanpign", "环评"),        # a typo in pinyin
    ("水土保护", "水土保持"),    # one character wrong
    ("杭州 坏评", "杭州 环评"),
    ("地质灾害危险性评古", "地质灾害危险性评估"),
])
def test_near_misses_are_corrected(query, meant, lexicon):
    assert did_you_mean(query, lexicon) == meant


@pytest.mark.parametrize("query", [
    "环评", "huanping", "hp", "huanjing", "杭州 环评", "水土保持方案", "ZJ-HJ-001", "91330100MA2B3C4D5E", "2024",
    "", "*:*", "科技有限公司", "环境影响评价", "浙江",
])
def test_known_words_are_left_alone(query, lexicon):
    assert did_you_mean(query, lexicon) is None


def test_never_suggests_the_query_itself(lexicon):
    for query in ("坏评", "環評", "ＨＵＡＮＰＩＮＧ", "a b"):
        suggestion = did_you_mean(query, lexicon)
        assert suggestion is None or suggestion != query
