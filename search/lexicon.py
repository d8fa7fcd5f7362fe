"""The words search knows: the catalogue's item and category names, the prefecture and
province names, and the regulators' synonym table, with their pinyin.

A `Lexicon` is pure (built from lists of words, no database) and carries its own jieba
tokenizer with those words added, so 环境影响评价 or 水土保持方案 is one word whether it is
read in a query or in a document. `current()` is the lexicon of the data as it is now, built
again when the catalogue or the synonym table changes (core.changes.Memo)."""
import logging
import os
import tempfile
import threading
from functools import cached_property
from urllib.parse import quote

import jieba

from core.changes import Memo

from . import text

jieba.setLogLevel(logging.WARNING)

# Suffixes dropped from a region's name to get the word people type (杭州市 -> 杭州).
_REGION_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟",
)
_base_lock = threading.Lock()
_base = None


def _base_tokenizer():
    """jieba's own dictionary, loaded once a process (about a second the first time); each
    lexicon starts from a copy of it."""
    global _base
    with _base_lock:
        if _base is None:
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = os.path.join(tempfile.gettempdir(), f"jieba-{os.getuid()}")
            os.makedirs(tokenizer.tmp_dir, exist_ok=True)
            tokenizer.initialize()
            _base = tokenizer
    return _base


class Lexicon:
    """`terms` in order of preference (what completions and pinyin offer first); `groups` the
    synonym groups, each a list of words that mean the same."""

    def __init__(self, terms=(), groups=()):
        self.groups = [words for words in (text.split_words("\n".join(g)) for g in groups) if len(words) > 1]
        self._synonyms = {}
        for words in self.groups:
            for word in words:
                known = self._synonyms.setdefault(word, [])
                known.extend(w for w in words if w != word and w not in known)
        ordered = [word for words in self.groups for word in words]
        ordered += [text.normalise(term, limit=None) for term in terms]
        # Only CJK runs are words to jieba (a name like 工程造价咨询（预结算编制与审核） is two).
        runs = (run for word in ordered for run in text.runs(word) if text.is_cjk(run) and len(run) > 1)
        self.terms = tuple(dict.fromkeys(runs))
        self._term_set = frozenset(self.terms)
        self._lengths = sorted({len(term) for term in self.terms}, reverse=True)
        self._full, self._initials, self._spelled = {}, {}, {}
        self.token_cache = {}   # text -> its index tokens (search.text.index_tokens)
        for term in self.terms:
            self._spelled[term] = text.pinyin_full(term)
            self._full.setdefault(self._spelled[term], []).append(term)
            self._initials.setdefault(text.pinyin_initials(term), []).append(term)

    def __repr__(self):
        return f"<Lexicon {len(self.terms)} terms, {len(self.groups)} synonym groups>"

    @cached_property
    def tokenizer(self):
        base = _base_tokenizer()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = dict(base.FREQ), base.total
        tokenizer.initialized = True
        for term in self.terms:
            # Frequent enough to win over jieba's own cut in most sentences; the document side
            # adds every term a run contains anyway (terms_in), so a lost cut costs no match.
            tokenizer.add_word(term, freq=max(tokenizer.suggest_freq(term, tune=False), 1000) * 10)
        return tokenizer

    def is_term(self, word) -> bool:
        return word in self._term_set

    def is_known(self, word) -> bool:
        """A lexicon term, a synonym, or a word of jieba's dictionary."""
        return word in self._term_set or word in self._synonyms or bool(self.tokenizer.FREQ.get(word))

    def terms_in(self, run):
        """Every term that occurs in the CJK run `run`."""
        found = {}
        for start in range(len(run)):
            for length in self._lengths:
                if run[start:start + length] in self._term_set:
                    found[run[start:start + length]] = None
        return list(found)

    def synonyms(self, word) -> tuple[str, ...]:
        """The other words of `word`'s synonym groups (both ways: 环评 <-> 环境影响评价)."""
        return tuple(self._synonyms.get(word, ()))

    def from_pinyin(self, latin) -> tuple[str, ...]:
        """The terms `latin` is the full pinyin of, then those it is the initials of."""
        if not text.is_latin(latin):
            return ()
        found = self._full.get(latin, []) + (self._initials.get(latin, []) if len(latin) > 1 else [])
        return tuple(dict.fromkeys(found))[: text.MAX_ALTERNATIVES]

    def pinyin_of(self):
        """{full pinyin: [terms]}: what spelling compares a latin word with."""
        return self._full

    @cached_property
    def known_pinyin(self) -> frozenset:
        """The full pinyin of every term and of every search word in a term (环境 huanjing):
        latin words a document may hold, not misspellings."""
        pieces = {p for term in self.terms for p in self.tokenizer.cut_for_search(term, HMM=False) if len(p) > 1}
        return frozenset(self._full) | {text.pinyin_full(piece) for piece in pieces}

    def spelled(self, term) -> str:
        """A term's full pinyin."""
        return self._spelled.get(term) or text.pinyin_full(term)

    def completions(self, prefix, limit=8):
        """Terms that start with `prefix` (or whose pinyin does): (term, "term", its search URL)."""
        prefix = text.normalise(prefix)
        if not prefix or limit <= 0:
            return []
        if text.is_latin(prefix):
            found = [t for key, terms in self._full.items() if key.startswith(prefix) for t in terms]
            found += [t for key, terms in self._initials.items() if key.startswith(prefix) for t in terms]
        else:
            found = [term for term in self.terms if term.startswith(prefix) and term != prefix]
        found = sorted(dict.fromkeys(found), key=len)[:limit]
        base = _results_url()
        return [(term, "term", f"{base}?q={quote(term)}") for term in found]


def _results_url():
    from django.urls import NoReverseMatch, reverse
    try:
        return reverse("search:results")
    except NoReverseMatch:   # the pages part's URLs not mounted (a test's own urlconf)
        return "/search/"


def region_words(name):
    """A region's name and the short form people type (浙江省 -> 浙江; 杭州市 -> 杭州)."""
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return [name, name[: -len(suffix)]]
    return [name]


def build():
    """The lexicon of the data as it is now (a few queries)."""
    from marketplace.models import ServiceCategory, ServiceItem
    from providers.models import Region

    from .models import SynonymGroup

    items = ServiceItem.objects.filter(is_active=True).order_by("code").values_list("name", flat=True)
    categories = ServiceCategory.objects.order_by("code").values_list("name", flat=True)
    # Counties are thousands of names that mostly read as words jieba knows; the provinces and
    # prefectures are the ones people put in a query.
    regions = Region.objects.filter(level__lte=Region.Level.PREFECTURE).order_by("code").values_list("name", flat=True)
    groups = [group.word_list() for group in SynonymGroup.objects.filter(is_active=True).order_by("pk")]
    terms = [*items, *categories, *(word for name in regions for word in region_words(name))]
    return Lexicon(terms, groups)


_current = Memo(("catalogue", "synonyms"), build)


def current() -> Lexicon:
    return _current.get()
