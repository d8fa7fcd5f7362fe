"""What a search answers: the page of hits, the total, the facets with counts that follow the
query, a "did you mean" and how the query was understood."""
from dataclasses import dataclass, field

from core.pagination import Count

from .query import SearchQuery


@dataclass
class Hit:
    kind: str
    ref: int
    url: str
    title: str
    summary: str
    title_html: str = ""     # the title with the matched words in <mark> (escaped text)
    summary_html: str = ""
    score: float = 0.0
    date: object = None
    price: object = None
    badges: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    exact: bool = True     # False: estimated from a sample (a broad search)

    @property
    def shown(self):
        """The count as a page shows it: "12", or an estimate "约 1.2 万"."""
        return str(Count(self.count, self.exact))


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Results:
    query: SearchQuery
    hits: list[Hit]
    total: int
    exact: bool = True   # False: the total and the facet counts are estimates (a broad search)
    facets: list[Facet] = field(default_factory=list)
    suggestion: str | None = None      # "did you mean" (a whole corrected query), or None
    understood: list[tuple[str, list[str]]] = field(default_factory=list)  # (word, its synonyms)
    message: str | None = None         # a clear note for the user (query cut short, page past the end…)
    corrected_from: str | None = None  # what was typed, when these are the results of its correction

    @property
    def count(self):
        """The total as the lists count their rows (core.pagination.Count): "约 3.2 万" when estimated."""
        return Count(self.total, self.exact)

    @property
    def pages(self):
        return max(1, -(-self.total // self.query.page_size))
