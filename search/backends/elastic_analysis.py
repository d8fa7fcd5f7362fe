"""The Elasticsearch indexes' analysis chain, as data.

Matching never depends on it: the query's clauses run as term queries on the `tokens_*`
fields, which carry search.text's tokens (split on spaces, nothing else), so both backends find
the same documents. The Chinese analysers below only add to the score: title, keywords,
summary and body are analysed with the cluster's Chinese analyser (settings.ELASTICSEARCH_ANALYZER),
and at search time the synonym table (SynonymGroup) is applied as a `synonym_graph` filter, so
a document that says 环境影响评价 scores for 环评 as well.

    "cjk"      the built-in analyser (CJK bigrams); no plugin needed
    "ik"       ik_max_word when indexing, ik_smart when searching (the analysis-ik plugin)
    "smartcn"  the analysis-smartcn plugin

The synonyms are pushed into the index settings when an index is created (search_rebuild);
a synonym edited later is found at once through the query's own expansion (search.text) and
weighs in the score from the next rebuild.
"""
import re

from ..query import MAX_PAGE, MAX_PAGE_SIZE

ANALYZERS = ("cjk", "ik", "smartcn")

# Field analysers the mapping names (search/backends/elastic_documents.py).
TEXT_INDEX, TEXT_SEARCH = "zh_index", "zh_search"
TOKENS, PINYIN, PINYIN_TRIGRAM = "tokens", "pinyin_words", "pinyin_trigram"
CODE_NORMALIZER = "code"
SYNONYM_FILTER = "zh_synonyms"

# (index analyser, search tokenizer and the filters before the synonyms) per setting. The
# search side repeats the index side's chain so the synonym rules are cut into the same terms.
_CHAINS = {
    "cjk": (
        {"type": "cjk"},
        {"tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"]},
    ),
    "ik": (
        {"type": "custom", "tokenizer": "ik_max_word", "filter": ["lowercase"]},
        {"tokenizer": "ik_smart", "filter": ["lowercase"]},
    ),
    "smartcn": (
        {"type": "smartcn"},
        {"tokenizer": "smartcn_tokenizer", "filter": ["lowercase"]},
    ),
}

# What a synonym word may hold: letters, digits, CJK. Commas, "=>" and "#" would change the
# rule's meaning (the table is typed by regulators), so they never reach the rule.
_NOT_WORD = re.compile(r"[^\w\s]|_")


def synonym_rules(groups):
    """Solr-format rules ("环评, 环境影响评价") for word groups, in order, each word once."""
    rules = []
    for words in groups:
        cleaned = []
        for word in words:
            word = " ".join(_NOT_WORD.sub(" ", word).split()).lower()
            if word and word not in cleaned:
                cleaned.append(word)
        if len(cleaned) > 1:
            rules.append(", ".join(cleaned))
    return rules


def analysis(analyzer="cjk", rules=()):
    """The `analysis` index settings for this analyser setting and these synonym rules."""
    if analyzer not in _CHAINS:
        raise ValueError(f"ELASTICSEARCH_ANALYZER must be one of {', '.join(ANALYZERS)}, not {analyzer!r}")
    index_side, search_side = _CHAINS[analyzer]
    search_filters = list(search_side["filter"])
    filters = {}
    if rules:
        # lenient: a rule whose word the analyser drops entirely is skipped, not a failed index
        filters[SYNONYM_FILTER] = {"type": "synonym_graph", "synonyms": list(rules), "lenient": True}
        search_filters.append(SYNONYM_FILTER)
    return {
        "analyzer": {
            TEXT_INDEX: index_side,
            TEXT_SEARCH: {"type": "custom", "tokenizer": search_side["tokenizer"], "filter": search_filters},
            TOKENS: {"type": "custom", "tokenizer": "whitespace"},
            PINYIN: {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            # pg_trgm's view of a word: its three-letter runs (near-misses of a typed pinyin)
            PINYIN_TRIGRAM: {"type": "custom", "tokenizer": "trigram", "filter": ["lowercase"]},
        },
        "tokenizer": {"trigram": {"type": "ngram", "min_gram": 3, "max_gram": 3, "token_chars": ["letter", "digit"]}},
        "filter": filters,
        "normalizer": {CODE_NORMALIZER: {"type": "custom", "filter": ["lowercase"]}},
    }


def index_settings(analyzer="cjk", rules=()):
    """Settings of a new index: one shard (a site's catalogue is small enough, and one shard
    gives exact facet counts and the same scores on every page), a result window as deep as
    the deepest page search.query allows, and the analysis chain."""
    return {
        "number_of_shards": 1,
        "max_result_window": MAX_PAGE * MAX_PAGE_SIZE,
        "analysis": analysis(analyzer, rules),
    }
