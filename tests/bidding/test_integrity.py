"""The integrity matcher itself: short forms of place names, the two ways of writing a pattern,
patterns refused before they are used, and the cache that reads the table once per version."""
import pytest

from bidding.integrity import (
    Matcher,
    Pattern,
    PatternError,
    RegionFinder,
    compile_pattern,
    current_matcher,
    find_violations,
    short_forms,
)

NAMES = ("四川省", "德阳市", "旌阳区", "凉山彝族自治州", "新疆维吾尔自治区", "城区", "市中区")


@pytest.mark.parametrize("name, forms", [
    ("德阳市", {"德阳市", "德阳"}),
    ("四川省", {"四川省", "四川"}),
    ("旌阳区", {"旌阳区", "旌阳"}),
    ("凉山彝族自治州", {"凉山彝族自治州", "凉山"}),
    ("北川羌族自治县", {"北川羌族自治县", "北川"}),
    ("新疆维吾尔自治区", {"新疆维吾尔自治区", "新疆"}),
    ("香港特别行政区", {"香港特别行政区", "香港"}),
    ("城区", {"城区"}),  # a one-character short form would match everywhere
    ("市中区", {"市中区"}),  # "市中" is an everyday word
])
def test_a_division_goes_by_its_name_and_its_short_form(name, forms):
    assert short_forms(name) == forms


def matcher(*rows):
    return Matcher([Pattern(n, kind, syntax, text) for n, (kind, syntax, text) in enumerate(rows)],
                   RegionFinder(NAMES))


def test_place_stands_for_any_division_short_form_or_local_word():
    m = matcher(("regional", "phrase", "{demand}…{place}…{presence}"))
    for text in ("须在德阳有办公场所", "须在旌阳设立分支机构", "须在四川境内注册", "须在本市设立分支机构",
                 "须在凉山常驻", "须在当地缴纳社保"):
        assert [v.phrase for v in m.find(text)] == [text], text
    assert m.find("须在城中设立分支机构") == []  # not a place


def test_a_phrase_is_literal_with_gaps_and_alternatives():
    m = matcher(("quota", "phrase", "入库/备选库…机构"))
    assert [v.kind for v in m.find("须为入库机构")] == ["quota"]
    assert [v.kind for v in m.find("须为备选库中的机构")] == ["quota"]
    assert m.find("须为备选机构") == []
    literal = matcher(("quota", "phrase", "名录(内)"))  # brackets are literal in a phrase
    assert literal.find("名录内") == [] and len(literal.find("名录(内)")) == 1


def test_a_regex_may_use_the_placeholders():
    m = matcher(("regional", "regex", r"注册地(?:须|应)(?:在|为){place}"))
    assert len(m.find("注册地须在德阳市")) == 1
    assert m.find("注册地须在平台填写") == []


def test_exempt_text_is_never_read_as_a_restriction():
    rows = [("qualification", "phrase", "具有…{qualification}")]
    assert len(matcher(*rows).find("具有独立法人资格")) == 1
    assert matcher(*rows, ("exempt", "phrase", "独立法人资格")).find("具有独立法人资格") == []


def test_a_law_required_qualification_is_blanked_out_only_for_qualification_patterns():
    m = matcher(("qualification", "phrase", "具有…{qualification}"))
    assert m.find("须具有测绘资质乙级及以上", law_required=["测绘资质乙级"]) == []
    assert len(m.find("须具有测绘资质甲级", law_required=["测绘资质乙级"])) == 1
    assert len(m.find("须具有测绘资质乙级")) == 1


@pytest.mark.parametrize("syntax, text, words", [
    ("phrase", "{city}…办公场所", "未知的占位符 {city}"),
    ("regex", "{town}注册", "未知的占位符 {town}"),
    ("regex", "(须在{place}", "正则表达式有误"),
    ("phrase", "…", "范围过宽"),
    ("regex", ".*", "范围过宽"),
    ("phrase", "  ", "不能为空"),
])
def test_a_pattern_that_cannot_be_used_is_refused_with_the_reason(syntax, text, words):
    with pytest.raises(PatternError) as caught:
        compile_pattern(syntax, text)
    assert words in str(caught.value)


@pytest.mark.django_db
def test_the_table_is_read_once_per_version(django_assert_num_queries):
    first = current_matcher()
    with django_assert_num_queries(1):  # the version stamp only
        assert current_matcher() is first
    with django_assert_num_queries(1):
        assert find_violations("须在德阳有办公场所；须具有甲级资质；须为入库机构。")
