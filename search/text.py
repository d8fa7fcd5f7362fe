"""How search reads Chinese: one rule for the query and the documents, so what a query word
asks for is always something the document side produced for the same characters.

Text is folded first (`normalise`): traditional to simplified (OpenCC t2s), full-width to
half-width (NFKC), lower case, control characters dropped, spaces collapsed; a query is cut to
`MAX_QUERY` characters. Only two kinds of runs are read, everything else is a separator (so
query syntax such as `" OR 1=1 --`, `*:*` or `field:(` is never interpreted):

* CJK runs (U+4E00..U+9FFF), cut into words (`words_of`: jieba's accurate cut with the
  lexicon's terms as words of its own tokenizer). A document yields for each word: the word,
  jieba's search words within it, every lexicon term within it, its bigrams and its
  characters. A query word yields the alternatives: the word itself, its bigrams (a word jieba
  or the lexicon does not know is still found: each of its bigrams is in any document holding
  the word), its pieces, its synonyms (each a lexicon term, so a document holding it has it as
  a token). Nothing is taken across two words, so 供水保障 is not found by 水保.
* Latin/digit runs `[0-9a-z]+(-[0-9a-z]+)*`. A run with dashes is a code and becomes ONE token
  with the dashes removed: item code ZJ-HJ-001 -> "zjhj001", project code
  2024-330106-74-03-123456 -> "20243301067403123456"; a USCC 91330100MA2XXXXXXX -> "91330100ma2xxxxxxx". Dashes are
  stripped because PostgreSQL's to_tsvector('simple') and FTS5's unicode61 both split on "-";
  a document also yields the dashed run's parts. A letters-only query word is also read as
  pinyin (full or initials) of the lexicon's terms: huanping, hp -> 环评 -> 环境影响评价.

Every token matches [0-9a-z\u4e00-\u9fff]+: no spaces, nothing tsquery, FTS5 or an
Elasticsearch whitespace analyzer would read as syntax. A document's tokens are joined with
single spaces (`DocumentTokens.title`/`.body`).
"""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

from .query import Clause, Compiled

MAX_QUERY = 200          # characters of a query that are read
MAX_CLAUSES = 12         # words of a query that are read (each one is a condition)
MAX_ALTERNATIVES = 12    # ways one word may match
TOKEN_CACHE_SIZE = 100_000  # runs (a word, a number) whose tokens a lexicon remembers
MAX_TOKEN = 64           # longer latin runs are cut (a pasted hash, a URL)

_RUN = re.compile(r"[\u4e00-\u9fff]+|[0-9a-z]+(?:-[0-9a-z]+)*")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[a-z]+")
_SPACES = re.compile(r"\s+")
# The synonym field: one word a line, or separated by commas (either width) or 、;；
_WORD_SEPARATORS = re.compile(r"[\n\r,，、;；]+")
# Function words a query may hold that say nothing about what is searched for.
STOPWORDS = frozenset("的 了 和 与 及 或 在 是 等 之 并 且 对 为 the and or of a an".split())


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s")


def fold(text) -> str:
    """The folding of `normalise` without the length cut (documents are read whole)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = _converter().convert(text).lower()
    if not text.isprintable():   # the common case skips the walk: no control or format character
        text = "".join(" " if ch.isspace() else "" if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return _SPACES.sub(" ", text).strip()


def normalise(text, limit=MAX_QUERY) -> str:
    """A query as search reads it: folded, at most `limit` characters."""
    if not text:
        return ""
    if not limit:
        return fold(text)
    # Read a bounded prefix: a pasted megabyte costs nothing more than 200 characters.
    return fold(str(text)[: limit * 5])[:limit].strip()


def split_words(raw) -> list[str]:
    """The words of a synonym field (one a line or comma-separated), normalised, unique, in order."""
    words = (normalise(word) for word in _WORD_SEPARATORS.split(raw or ""))
    return list(dict.fromkeys(word for word in words if word))


def is_latin(word) -> bool:
    """Letters only (a-z): a word that may be pinyin."""
    return bool(_LATIN.fullmatch(word or ""))


def is_cjk(word) -> bool:
    return bool(_CJK.fullmatch(word or ""))


def runs(folded):
    """The CJK and latin/digit runs of folded text."""
    return _RUN.findall(folded)


def latin_token(run) -> str:
    """One token for a latin/digit run: a code's dashes removed, length capped."""
    return run.replace("-", "")[:MAX_TOKEN]


def bigrams(word) -> tuple[str, ...]:
    if len(word) < 2:
        return (word,)
    return tuple(dict.fromkeys(word[i:i + 2] for i in range(len(word) - 1)))


def pinyin_full(word) -> str:
    return "".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


def pinyin_initials(word) -> str:
    return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore"))


# --- the document side ------------------------------------------------------------------------

def index_tokens(text, lexicon) -> list[str]:
    """Every token of `text` a query may ask for, unique, in order of first appearance."""
    if not text:
        return []
    tokens = {}
    for run in runs(fold(text)):
        tokens.update(dict.fromkeys(_run_tokens(run, lexicon)))
    return list(tokens)


def _run_tokens(run, lexicon):
    """The tokens of one run, remembered per lexicon: a rebuild meets the same words (an item's,
    a region's, a project's kind) in most documents, while whole texts rarely repeat (a job's
    title ends in its own number)."""
    known = lexicon.token_cache.get(run)
    if known is None:
        if len(lexicon.token_cache) > TOKEN_CACHE_SIZE:
            lexicon.token_cache.clear()
        known = lexicon.token_cache[run] = tuple(_uncached_run_tokens(run, lexicon))
    return known


def _uncached_run_tokens(run, lexicon):
    if _CJK.fullmatch(run):
        yield from _cjk_index_tokens(run, lexicon)
        return
    yield latin_token(run)
    if "-" in run:
        yield from (part[:MAX_TOKEN] for part in run.split("-"))


def words_of(run, lexicon) -> list[str]:
    """The words of a CJK run, the same way for a query and a document: jieba's accurate cut
    with the lexicon's terms, the characters it could not join joined (绿源 is one word, not
    two characters); function words stay apart."""
    return _join_singles(lexicon.tokenizer.lcut(run, HMM=False))


def _cjk_index_tokens(run, lexicon):
    # Bigrams and terms are taken within each word, never across two: 供水保障 (供水 保障) does
    # not hold 水保, 性能评估 (性能 评估) not 能评. A query word's bigrams are within it too, so
    # whatever a query word asks for, a document holding that word has.
    for word in words_of(run, lexicon):
        yield from lexicon.terms_in(word)
        yield word
        yield from lexicon.tokenizer.cut_for_search(word, HMM=False)
        yield from bigrams(word)
        yield from word


def code_tokens(codes) -> list[str]:
    """Codes as tokens (a code is found by its whole self, whatever its case and dashes)."""
    found = {}
    for code in codes or ():
        for run in runs(fold(code)):
            found[latin_token(run)] = None
    return list(found)


def pinyin_tokens(names, lexicon) -> list[str]:
    """What a name is found by in pinyin: each search word's full pinyin (环境 huanjing), the
    whole name's full pinyin and initials, and those of each lexicon term it holds."""
    tokens = {}
    for name in names or ():
        cjk = "".join(_CJK.findall(fold(name)))
        if not cjk:
            continue
        # jieba's search words, and the characters it could not join read as one word (绿源 lvyuan)
        words = [w for w in lexicon.tokenizer.cut_for_search(cjk, HMM=False) if len(w) > 1]
        words += [w for w in words_of(cjk, lexicon) if len(w) > 1]
        for word in (*words, *lexicon.terms_in(cjk), cjk):
            tokens[pinyin_full(word)[:MAX_TOKEN]] = None
        for word in (*lexicon.terms_in(cjk), cjk):
            tokens[pinyin_initials(word)[:MAX_TOKEN]] = None
    tokens.pop("", None)
    return list(tokens)


@dataclass(frozen=True)
class DocumentTokens:
    title: str    # space-separated tokens searched with the title's weight
    body: str     # space-separated tokens of the summary and the body
    pinyin: str   # the names in pinyin (full, then initials), space-separated ASCII


def document_tokens(doc, lexicon) -> DocumentTokens:
    title = dict.fromkeys(index_tokens(doc.title, lexicon))
    for keyword in doc.keywords:
        title.update(dict.fromkeys(index_tokens(keyword, lexicon)))
    title.update(dict.fromkeys(code_tokens(doc.codes)))
    title.update(dict.fromkeys(pinyin_tokens(doc.names, lexicon)))
    body = dict.fromkeys(index_tokens(doc.summary, lexicon))
    body.update(dict.fromkeys(index_tokens(doc.body, lexicon)))
    names = [fold(name) for name in doc.names]
    spelled = [pinyin_full(name) for name in names] + [pinyin_initials(name) for name in names]
    return DocumentTokens(
        title=" ".join(title), body=" ".join(body),
        pinyin=" ".join(dict.fromkeys(p for p in spelled if p)),
    )


# --- the query side ---------------------------------------------------------------------------

def query_words(text, lexicon) -> list[str]:
    """The words of a query: jieba's accurate cut with the lexicon's terms; single characters
    jieba could not join are joined (坏评 is one word to correct, not two characters);
    function words dropped unless nothing else is left."""
    words = []
    for run in runs(normalise(text)):
        if _CJK.fullmatch(run):
            words.extend(words_of(run, lexicon))
        else:
            words.append(run)
    meaningful = [word for word in words if word not in STOPWORDS]
    return list(dict.fromkeys(meaningful or words))[:MAX_CLAUSES]


def _join_singles(words):
    joined, pending = [], ""
    for word in words:
        if len(word) == 1 and word not in STOPWORDS:
            pending += word
            continue
        if pending:
            joined.append(pending)
            pending = ""
        joined.append(word)
    if pending:
        joined.append(pending)
    return joined


def compile_query(text, lexicon) -> Compiled:
    normalised = normalise(text)
    clauses = tuple(_clause(word, lexicon) for word in query_words(normalised, lexicon))
    return Compiled(clauses=tuple(c for c in clauses if c.alternatives), text=normalised)


def _clause(word, lexicon) -> Clause:
    if _CJK.fullmatch(word):
        alternatives = [(word,), bigrams(word)]
        synonyms = lexicon.synonyms(word)
        pieces = tuple(p for p in lexicon.tokenizer.cut_for_search(word, HMM=False) if p != word)
        if pieces:
            alternatives.append(pieces)
    else:
        token = latin_token(word)
        alternatives = [(token,)]
        if "-" in word and not any(ch.isdigit() for ch in word):
            alternatives.append(tuple(word.split("-")))   # "wi-fi" also as "wi fi"
        synonyms = lexicon.synonyms(word)
        if is_latin(word):
            terms = lexicon.from_pinyin(word)
            synonyms = tuple(dict.fromkeys((*synonyms, *terms, *(s for t in terms for s in lexicon.synonyms(t)))))
    for synonym in synonyms:
        alternatives.append(term_tokens(synonym, lexicon))
    chosen = [alt for alt in dict.fromkeys(alternatives) if alt][:MAX_ALTERNATIVES]
    shown = tuple(s for s in synonyms if s != word)[:MAX_ALTERNATIVES]
    return Clause(word=word, alternatives=frozenset(chosen), synonyms=shown)


def term_tokens(term, lexicon) -> tuple[str, ...]:
    """The tokens a document holding `term` surely has: a lexicon term (or a single character)
    is a token of its own; another CJK run is its bigrams; a latin run its token."""
    tokens = []
    for run in runs(fold(term)):
        if not _CJK.fullmatch(run):
            tokens.append(latin_token(run))
        elif lexicon.is_term(run) or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(bigrams(run))
    return tuple(dict.fromkeys(tokens))
