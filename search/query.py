"""A search request, checked: every page and the API build a `SearchQuery` and pass it to
`search.api.search`. Anything a user typed is cleaned here (search/text.normalise), so the
backends only ever see valid values."""
import datetime
from dataclasses import dataclass, field, replace

SORTS = ("relevance", "newest", "oldest", "credit", "price_low", "price_high")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Past this page the results are not worth paging through: refine the query instead. Keeps
# deep OFFSETs (and Elasticsearch's max_result_window) out of reach.
MAX_PAGE = 250


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""                       # normalised (search.text.normalise)
    kinds: tuple[str, ...] = ()          # empty: every kind
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> one value
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    price_min: int | None = None         # yuan
    price_max: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    facets: tuple[str, ...] = ()          # the facets to count (empty: none)
    highlight: bool = True
    autocorrect: bool = True             # no hits but a "did you mean": show its results instead

    def with_page(self, page):
        return replace(self, page=page)

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Clause:
    """One word of the query. A document matches it when it holds every token of at least one
    of `alternatives` (the word itself, its pieces, its synonyms, what its pinyin stands for),
    each an index token made by search.text."""
    word: str
    alternatives: frozenset[tuple[str, ...]]
    synonyms: tuple[str, ...] = ()       # shown to the user: "环评 also finds 环境影响评价"

    @property
    def tokens(self):
        return frozenset(token for alternative in self.alternatives for token in alternative)


@dataclass(frozen=True)
class Compiled:
    """The query as both backends run it: every clause must match (AND of ORs)."""
    clauses: tuple[Clause, ...]
    text: str

    @property
    def empty(self):
        return not self.clauses

    @property
    def names(self):
        """What the text may be the name of, each folded as a title key is: the text and, for a
        one-word query in Chinese, its synonyms that are no shorter (the full form: 水保 →
        水土保持方案). A title equal to one, or starting with one, is the thing typed: both
        backends rank it first. Never a shorter synonym (环境影响评价 typed does not name what
        starts with 环评), nor what typed pinyin may spell (hp: 环评, 洪评 …)."""
        named = [self.text]
        if len(self.clauses) == 1 and not self.clauses[0].word.isascii():
            word = self.clauses[0].word
            named += [synonym for synonym in self.clauses[0].synonyms if len(synonym) >= max(len(word), 2)]
        return tuple(dict.fromkeys(name for name in named if name))

    @property
    def all_tokens(self):
        """Every token a match may hold: what the highlighter marks."""
        return frozenset().union(*(c.tokens for c in self.clauses)) if self.clauses else frozenset()
