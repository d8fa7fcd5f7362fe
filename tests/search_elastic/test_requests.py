"""What the backend sends, checked as data: the analysis chain per setting, the synonym
filter, the mapping, the query for compiled clauses, the facets' filters and aggregations,
the sorts and the page."""
import datetime

import pytest

from search import text
from search.backends import elastic, elastic_analysis, elastic_documents
from search.query import Clause, Compiled, SearchQuery

pytestmark = pytest.mark.elasticsearch


def test_cjk_is_the_default_chain():
    analysis = elastic_analysis.analysis()
    assert analysis["analyzer"]["zh_index"] == {"type": "cjk"}
    assert analysis["analyzer"]["zh_search"] == {
        "type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"],
    }
    assert "zh_synonyms" not in analysis["filter"]   # no synonym table, no filter


@pytest.mark.parametrize(("setting", "index_side", "search_tokenizer"), [
    ("ik", {"type": "custom", "tokenizer": "ik_max_word", "filter": ["lowercase"]}, "ik_smart"),
    ("smartcn", {"type": "smartcn"}, "smartcn_tokenizer"),
])
def test_plugin_analysers_by_setting(setting, index_side, search_tokenizer):
    analysis = elastic_analysis.analysis(setting, ["环评, 环境影响评价"])
    assert analysis["analyzer"]["zh_index"] == index_side
    assert analysis["analyzer"]["zh_search"] == {
        "type": "custom", "tokenizer": search_tokenizer, "filter": ["lowercase", "zh_synonyms"],
    }


def test_an_unknown_analyser_setting_is_refused():
    with pytest.raises(ValueError, match="ELASTICSEARCH_ANALYZER"):
        elastic_analysis.analysis("english")


def test_synonyms_are_a_search_time_graph_filter():
    analysis = elastic_analysis.analysis("cjk", ["环评, 环境影响评价"])
    assert analysis["filter"]["zh_synonyms"] == {
        "type": "synonym_graph", "synonyms": ["环评, 环境影响评价"], "lenient": True,
    }
    assert analysis["analyzer"]["zh_search"]["filter"][-1] == "zh_synonyms"
    assert "zh_synonyms" not in str(analysis["analyzer"]["zh_index"])


def test_synonym_rules_keep_words_and_drop_rule_syntax():
    rules = elastic_analysis.synonym_rules([
        ["环评", "环境影响评价"],
        ["水保", "水保", "水土保持"],          # a word once
        ["a => b", "#c", "d,e"],            # what would change a rule's meaning is dropped
        ["alone"],                           # one word is no rule
        ["HP", "Huan Ping"],
    ])
    assert rules == ["环评, 环境影响评价", "水保, 水土保持", "a b, c, d e", "hp, huan ping"]


@pytest.mark.django_db
def test_a_new_index_carries_the_active_synonym_groups():
    from search.models import SynonymGroup
    SynonymGroup.objects.create(words="环评\n环境影响评价")
    SynonymGroup.objects.create(words="水保, 水土保持", is_active=False)
    assert elastic.current_synonyms() == ["环评, 环境影响评价"]


def test_index_settings():
    settings = elastic_analysis.index_settings("cjk", ["环评, 环境影响评价"])
    assert settings["number_of_shards"] == 1
    assert settings["max_result_window"] == 250 * 100   # the deepest page search.query allows
    assert settings["analysis"]["filter"]["zh_synonyms"]["synonyms"] == ["环评, 环境影响评价"]


def test_mapping_per_kind():
    for kind in ("agency", "job", "item", "notice", "policy"):
        mapping = elastic_documents.mapping(kind)
        properties = mapping["properties"]
        assert mapping["dynamic"] is False
        assert properties["tokens_title"] == {"type": "text", "analyzer": "tokens"}
        assert properties["tokens_body"] == {"type": "text", "analyzer": "tokens"}
        assert properties["title"]["analyzer"] == "zh_index"
        assert properties["title"]["search_analyzer"] == "zh_search"
        assert properties["title_key"] == {"type": "keyword"}
        assert properties["pinyin"] == {"type": "text", "analyzer": "pinyin_words",
                                        "fields": {"trigram": {"type": "text", "analyzer": "pinyin_trigram"}}}
        assert properties["facets"]["properties"]["region"] == {"type": "keyword"}
        assert "kind" not in properties["facets"]["properties"]   # kind is a field of its own
        assert properties["kind"] == {"type": "keyword"}
        assert properties["price"] == {"type": "scaled_float", "scaling_factor": 100}
        assert properties["badges"] == {"type": "object", "enabled": False}


def test_a_document_and_back(words):
    from .conftest import day, make_document, price
    original = make_document(
        summary="承接环评", body="正文", keywords=["水土保持"], codes=["91330100MA2ABCDE1X"],
        names=["杭州环境影响评价有限公司"], facets={"region": ["330000", "330100"]},
        date=day(2025, 3, 1), price=price("12000.50"), rank=0.87, badges={"grade": "A"},
    )
    tokens = text.document_tokens(original, words)
    body = elastic_documents.source(original, tokens)
    assert body["tokens_title"] == tokens.title and body["tokens_body"] == tokens.body
    assert body["pinyin"] == tokens.pinyin
    assert body["code_keys"] == ["91330100ma2abcde1x"]
    assert body["price"] == "12000.50"
    back = elastic_documents.document(body)
    assert back.body == ""   # searched, never read back
    back.body = original.body
    assert back == original


ONE_CLAUSE = Compiled(clauses=(
    Clause(word="环评", alternatives=frozenset({("环评",), ("环境影响评价",)}), synonyms=("环境影响评价",)),
), text="环评")
MATCHES = elastic.text_query(ONE_CLAUSE)


def _term(field, token, boost):
    return {"term": {field: {"value": token, "boost": boost}}}


def _token(token):
    return {"bool": {"should": [_term("tokens_title", token, 3.0), _term("tokens_body", token, 1.0)],
                     "minimum_should_match": 1}}


def test_a_clause_is_any_alternative_with_all_its_tokens():
    clause = Clause(word="影响评价", alternatives=frozenset({("影响评价",), ("影响", "评价")}))
    assert elastic.clause_query(clause).to_dict() == {"bool": {"should": [
        {"bool": {"must": [_token("影响"), _token("评价")]}},
        {"bool": {"must": [_token("影响评价")]}},
    ], "minimum_should_match": 1}}


def test_every_clause_must_match_and_the_analysed_fields_only_score():
    compiled = Compiled(clauses=(
        ONE_CLAUSE.clauses[0], Clause(word="杭州", alternatives=frozenset({("杭州",)})),
    ), text="环评 杭州")
    query = elastic.text_query(compiled).to_dict()["bool"]
    assert query["must"] == [elastic.clause_query(c).to_dict() for c in compiled.clauses]
    code = {"term": {"code_keys": "环评 杭州"}}
    assert query["should"] == [
        {"multi_match": {"query": "环评 杭州", "fields": elastic.ANALYSED_FIELDS, "type": "most_fields"}},
        {"dis_max": {"queries": [
            {"constant_score": {"filter": {"bool": {"filter": [code, {"terms": {"kind": ["agency", "item", "job"]}}]}},
                                "boost": elastic.CODE_OWN}},
            {"constant_score": {"filter": code, "boost": elastic.CODE_EXACT}},
            {"constant_score": {"filter": {"terms": {"title_key": ["环评 杭州"]}}, "boost": elastic.TITLE_EQUAL}},
            {"constant_score": {"filter": {"bool": {"should": [{"prefix": {"title_key": "环评 杭州"}}],
                                                    "minimum_should_match": 1}}, "boost": elastic.TITLE_PREFIX}},
        ]}},
    ]
    assert "minimum_should_match" not in query   # should adds score, must decides


def test_a_one_word_query_names_its_longer_synonyms_too():
    """环评 names what starts with 环境影响评价 too (a title equal to or starting with it ranks
    first); the two-word query above names only itself."""
    boosts = elastic.text_query(ONE_CLAUSE).to_dict()["bool"]["should"][1]["dis_max"]["queries"]
    assert boosts[2]["constant_score"]["filter"] == {"terms": {"title_key": ["环评", "环境影响评价"]}}
    assert boosts[3]["constant_score"]["filter"]["bool"]["should"] == [
        {"prefix": {"title_key": "环评"}}, {"prefix": {"title_key": "环境影响评价"}}]


def test_no_text_is_every_document_and_text_without_a_word_none():
    assert elastic.text_query(Compiled(clauses=(), text="")).to_dict() == {"match_all": {}}
    assert elastic.text_query(Compiled(clauses=(), text="*:*")) is None
    assert elastic.text_query(Compiled(clauses=(Clause(word="x", alternatives=frozenset({()})),), text="x")) is None


def test_a_near_miss_is_most_of_the_title_bigrams_or_pinyin_trigrams():
    assert elastic.near_query(Compiled(clauses=(), text="环竟影响")).to_dict() == {"bool": {"should": [
        {"match": {"title": {"query": "环竟影响", "analyzer": "zh_index", "minimum_should_match": "3<-2"}}},
        {"match": {"pinyin.trigram": {"query": "环竟影响", "minimum_should_match": "3<70%"}}},
    ], "minimum_should_match": 1}}


def test_facet_filters_go_to_post_filter_and_each_facet_leaves_its_own_out():
    query = SearchQuery(kinds=("agency",), filters={"region": "330100", "grade": "A", "item": "HP01"},
                        facets=("kind", "region", "grade"))
    body = elastic.search_request(query, MATCHES)
    kind = {"terms": {"kind": ["agency"]}}
    region = {"term": {"facets.region": "330100"}}
    grade = {"term": {"facets.grade": "A"}}
    item = {"term": {"facets.item": "HP01"}}
    # item is not counted: its filter narrows the query itself
    assert body["query"]["bool"]["filter"] == [item]
    assert body["post_filter"] == {"bool": {"filter": [kind, grade, region]}}
    aggs = body["aggs"]
    assert aggs["kind"] == {"filter": {"bool": {"filter": [grade, region]}},
                            "aggs": {"values": {"terms": {"field": "kind", "size": elastic.FACET_SIZE}}}}
    assert aggs["region"]["filter"] == {"bool": {"filter": [kind, grade]}}
    assert aggs["region"]["aggs"]["values"]["terms"]["field"] == "facets.region"
    assert aggs["grade"]["filter"] == {"bool": {"filter": [kind, region]}}
    assert body["track_total_hits"] is True


def test_a_kind_filter_narrows_the_kinds():
    query = SearchQuery(kinds=("agency", "job"), filters={"kind": "job"})
    assert elastic.search_request(query, MATCHES)["query"]["bool"]["filter"] == [{"terms": {"kind": ["job"]}}]
    assert elastic.facet_kinds(query) == ["job"]
    assert elastic.facet_kinds(SearchQuery(kinds=("agency",), filters={"kind": "job"})) == []
    assert elastic.facet_kinds(SearchQuery()) == ["agency", "item", "job", "notice", "policy"]


def test_a_facet_without_other_filters_counts_everything_matched():
    body = elastic.search_request(SearchQuery(facets=("region",)), MATCHES)
    assert body["aggs"]["region"]["filter"] == {"match_all": {}}
    assert "post_filter" not in body


def test_dates_are_whole_days_in_shanghai_and_prices_yuan():
    query = SearchQuery(date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 1, 31),
                        price_min=1000, price_max=5000)
    filters = elastic.search_request(query, MATCHES)["query"]["bool"]["filter"]
    assert filters == [
        {"range": {"date": {"gte": "2025-01-01T00:00:00+08:00", "lt": "2025-02-01T00:00:00+08:00"}}},
        {"range": {"price": {"gte": 1000, "lte": 5000}}},
    ]


@pytest.mark.parametrize(("sort", "order"), [
    ("relevance", ["_score", {"rank": "desc"}, {"date": {"order": "desc", "missing": "_last"}}, "kind", "ref"]),
    ("newest", [{"date": {"order": "desc", "missing": "_last"}}, "kind", {"ref": "desc"}]),
    ("oldest", [{"date": {"order": "asc", "missing": "_last"}}, "kind", "ref"]),
    ("credit", [{"rank": "desc"}, "kind", "ref"]),
    ("price_low", [{"price": {"order": "asc", "missing": "_last"}}, "kind", "ref"]),
    ("price_high", [{"price": {"order": "desc", "missing": "_last"}}, "kind", "ref"]),
])
def test_sorts_are_the_database_backends_with_the_same_tie_break(sort, order):
    body = elastic.search_request(SearchQuery(sort=sort), MATCHES)
    assert body["sort"] == [{key: "asc"} if key in ("kind", "ref") else key for key in order]


def test_the_page_and_what_is_read_back():
    body = elastic.search_request(SearchQuery(page=3, page_size=20), MATCHES)
    assert (body["from"], body["size"]) == (40, 20)
    assert set(body["_source"]["excludes"]) == {
        "body", "code_keys", "title_key", "title_length", "tokens_title", "tokens_body", "pinyin"}


def test_the_same_query_is_the_same_request():
    # alternatives are a frozenset: their order must not change the request (or the cache)
    first = elastic.search_request(SearchQuery(), MATCHES)
    again = elastic.search_request(SearchQuery(), elastic.text_query(Compiled(clauses=(
        Clause(word="环评", alternatives=frozenset([("环境影响评价",), ("环评",)]), synonyms=("环境影响评价",)),),
        text="环评")))
    assert first == again


def test_suggestions_titles_starting_first_then_a_title_word_agencies_and_items_first():
    body = elastic.suggest_request("huanp", 5)
    assert body["query"] == {"bool": {"must": [{"bool": {"should": [
        {"constant_score": {"filter": {"prefix": {"title_key": "huanp"}}, "boost": 4.0}},
        {"constant_score": {"filter": {"prefix": {"tokens_title": "huanp"}}, "boost": 0.0}},
    ], "minimum_should_match": 1}}], "should": [
        {"constant_score": {"filter": {"terms": {"kind": ["agency", "item"]}}, "boost": 2.0}},
    ]}}
    assert body["sort"] == ["_score", {"rank": "desc"}, {"title_length": "asc"}, {"kind": "asc"}, {"ref": "asc"}]
    assert body["size"] == 5
    # more than one word: titles starting with it only
    assert len(elastic.suggest_request("环境 影响", 5)["query"]["bool"]["must"][0]["bool"]["should"]) == 1
