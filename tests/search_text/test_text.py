import re

import pytest

from search import text

from .helpers import document, matches, tokens_of

TOKEN = re.compile(r"[0-9a-z\u4e00-\u9fff]+")
EIA = "建设项目环境影响评价报告书编制"


class TestNormalise:
    def test_traditional_full_width_case_and_spaces(self):
        assert text.normalise("  環境影響評價　ＨＵＡＮＰＩＮＧ\t\n Ab ") == "环境影响评价 huanping ab"

    def test_control_characters_are_dropped(self):
        assert text.normalise("环\x00评\x1b[31m\u200b") == "环评[31m"

    def test_a_long_query_is_cut_to_200_characters(self):
        assert len(text.normalise("环评" * 5000)) == text.MAX_QUERY == 200

    def test_a_long_query_is_read_within_bounds(self, lexicon):
        compiled = text.compile_query("环评 " * 5000, lexicon)
        assert len(compiled.text) == 200 and len(compiled.clauses) == 1

    def test_empty(self):
        assert text.normalise(None) == text.normalise("") == text.normalise(" \t") == ""

    def test_split_words_of_the_synonym_field(self):
        assert text.split_words("环评\n環境影響評價，环评、EIA;  \n") == ["环评", "环境影响评价", "eia"]

    def test_is_latin(self):
        assert text.is_latin("huanping") and not text.is_latin("hp1") and not text.is_latin("环评")
        assert not text.is_latin("")


@pytest.mark.parametrize("query", [
    "环评", "影响评价", "环境影响", "环境影响评价", "huanping", "hp", "hjyxpj", "huanjingyingxiangpingjia",
    "huanjing", "yingxiang", "pingjia", "環境影響評價", "ＨＵＡＮＰＩＮＧ", "ＨＰ", "HuanPing", "环境", "评",
    "境影响评", "报告书", "建设项目环评",
])
def test_an_eia_title_is_found_by(query, lexicon):
    doc = document(EIA, names=[EIA])
    assert matches(query, doc, lexicon)


@pytest.mark.parametrize("query", ["水保", "水土保持", "水土保持方案", "shuibao", "sb", "水土"])
def test_water_and_soil_conservation_is_found_by(query, lexicon):
    assert matches(query, document("水土保持方案报告书编制", names=["水土保持方案报告书编制"]), lexicon)


def test_synonyms_work_both_ways(lexicon):
    assert matches("环境影响评价", document("某项目环评报告"), lexicon)
    assert matches("地灾", document("地质灾害危险性评估"), lexicon)
    assert matches("地质灾害危险性评估", document("地灾评估服务"), lexicon)
    assert matches("eia", document("固定资产投资项目节能评估"), lexicon)


def test_unrelated_titles_are_not_found(lexicon):
    assert not matches("环评", document("水土保持方案报告书编制"), lexicon)
    assert not matches("水保", document(EIA), lexicon)
    assert not matches("huanping", document("防雷装置检测", names=["防雷装置检测"]), lexicon)


def test_every_word_of_a_query_is_needed(lexicon):
    in_hangzhou = document(EIA, keywords=["杭州市"])
    in_ningbo = document(EIA, keywords=["宁波市"])
    assert matches("杭州 环评", in_hangzhou, lexicon)
    assert matches("杭州环评", in_hangzhou, lexicon)
    assert matches("杭州的环评", in_hangzhou, lexicon)
    assert not matches("杭州 环评", in_ningbo, lexicon)
    assert not matches("杭州 水保", in_hangzhou, lexicon)


def test_an_agency_is_found_by_the_items_it_offers(lexicon):
    offers = ["建设项目环境影响评价文件编制", "地质灾害危险性评估"]
    agency = document("浙江绿源科技有限公司", kind="agency", keywords=offers, names=["浙江绿源科技有限公司"])
    for query in ("环评", "地灾", "绿源", "lvyuan", "浙江 环评"):
        assert matches(query, agency, lexicon), query


@pytest.mark.parametrize("code, queries", [
    ("91330100MA2B3C4D5E", ["91330100MA2B3C4D5E", "91330100ma2b3c4d5e", "９１３３０１００ＭＡ２Ｂ３Ｃ４Ｄ５Ｅ"]),
    ("2024-330106-74-03-123456", ["2024-330106-74-03-123456", "20243301067403123456"]),
    ("ZJ-HJ-001", ["ZJ-HJ-001", "zj-hj-001", "zjhj001", "ZJ－HJ－001"]),
])
def test_codes_are_found_whole(code, queries, lexicon):
    doc = document("某项目", codes=[code])
    for query in queries:
        assert matches(query, doc, lexicon), query
        assert not matches(query, document("某项目", codes=["ZJ-HJ-002", "2024-330106-74-03-123457"]), lexicon)


def test_a_code_is_one_token_free_of_dashes(lexicon):
    compiled = text.compile_query("2024-330106-74-03-123456 ZJ-HJ-001", lexicon)
    assert [clause.alternatives for clause in compiled.clauses] == [
        frozenset({("20243301067403123456",)}), frozenset({("zjhj001",)})]
    assert "20243301067403123456" in tokens_of(document("项目代码 2024-330106-74-03-123456"), lexicon)


def test_a_code_prefix_finds_the_codes_that_start_with_it(lexicon):
    assert matches("ZJ-HJ", document("x", codes=[], summary="事项编码 ZJ-HJ-001"), lexicon)


@pytest.mark.parametrize("query", [
    '" OR 1=1 --', "*:*", "field:(", 'a"b', '"环评', "环评'); DROP TABLE x;--", "a & b | !c <-> d", "x:* & y",
    "NEAR(a b)", "title:环评 AND body:*", "\x00\x01\x7f环评\u202e", "((((", "\\", "-", "--", "环评^2~", "🙂环评🙂",
])
def test_query_syntax_is_inert(query, lexicon):
    compiled = text.compile_query(query, lexicon)
    for clause in compiled.clauses:
        assert TOKEN.fullmatch(clause.word.replace("-", ""))
        for alternative in clause.alternatives:
            assert all(TOKEN.fullmatch(token) for token in alternative)


def test_tokens_of_documents_are_safe(lexicon):
    doc = document("<script>alert('x')</script> 環評 a-b & c|d", summary="f(x)=1 OR 1=1 -- *:*",
                   body="\x00 ＡＢＣ ①②", keywords=["k:v"], codes=["ZJ-HJ-001", "a b"], names=["环评 (A)"])
    found = text.document_tokens(doc, lexicon)
    for field in (found.title, found.body, found.pinyin):
        assert all(TOKEN.fullmatch(token) for token in field.split(" ") if field)
    assert "  " not in found.title and not found.title.startswith(" ")


def test_empty_and_punctuation_only_queries_have_no_clauses(lexicon):
    assert text.compile_query("", lexicon).empty
    assert text.compile_query("  *:* ", lexicon).empty


def test_clauses_and_alternatives_are_bounded(lexicon):
    compiled = text.compile_query("环评 " + " ".join(f"词{n}" for n in range(100)), lexicon)
    assert len(compiled.clauses) <= text.MAX_CLAUSES
    assert all(len(clause.alternatives) <= text.MAX_ALTERNATIVES for clause in compiled.clauses)
    assert all(len(clause.alternatives) <= text.MAX_ALTERNATIVES
               for clause in text.compile_query("hp sb huanping", lexicon).clauses)


def test_the_synonyms_are_told(lexicon):
    (clause,) = text.compile_query("环评", lexicon).clauses
    assert clause.synonyms == ("环境影响评价",)
    (clause,) = text.compile_query("huanping", lexicon).clauses
    assert "环评" in clause.synonyms and "环境影响评价" in clause.synonyms


@pytest.mark.parametrize("title", [
    EIA, "水土保持方案报告书编制", "杭州市余杭区某某工业园区地质灾害危险性评估项目", "工程造价咨询（预结算编制与审核）",
    "德阳市旌阳区人民医院改扩建工程水资源论证报告", "关于进一步规范中介服务收费行为的通知", "浙江绿源科技有限公司",
])
def test_any_part_of_a_word_of_a_title_finds_it(title, lexicon):
    """The index and the query agree: whatever part of one of a title's words one types (or
    several whole words), the title holds every token of one of the alternatives of each
    word jieba cuts that part into."""
    doc = document(title)
    words = [word for run in text.runs(text.fold(title)) for word in text.words_of(run, lexicon)]
    pieces = {part for word in words for part in _parts(word)}
    pieces |= {"".join(words[start:start + n]) for start in range(len(words)) for n in (2, 3)}
    for piece in pieces:
        if text.compile_query(piece, lexicon).clauses:
            assert matches(piece, doc, lexicon), piece


def _parts(word):
    return {word[start:end] for start in range(len(word)) for end in range(start + 1, len(word) + 1)}


def test_nothing_is_found_across_two_words(lexicon):
    """An abbreviation is not found inside two other words (bigrams stay within a word)."""
    assert not matches("水保", document("什邡市马祖镇农村供水保障工程"), lexicon)
    assert not matches("能评", document("消防设施性能评估"), lexicon)
    assert matches("能评", document("某项目能评报告"), lexicon)


def test_pinyin_tokens_of_names(lexicon):
    found = text.document_tokens(document("x", names=["环境影响评价"]), lexicon)
    title = found.title.split()
    for token in ("huanjingyingxiangpingjia", "hjyxpj", "huanjing", "yingxiang", "pingjia"):
        assert token in title
    assert found.pinyin.split() == ["huanjingyingxiangpingjia", "hjyxpj"]
    assert "huanping" in text.document_tokens(document("x", names=["杭州环评中心"]), lexicon).title.split()


def test_title_and_body_tokens_are_apart(lexicon):
    found = text.document_tokens(document("防雷装置检测", summary="杭州市", body="水土保持"), lexicon)
    assert "杭州" not in found.title.split() and "杭州" in found.body.split()
    assert "水土保持" in found.body.split() and "防雷" in found.title.split()
