"""What every search backend does. Both run the same compiled query (search.query.Compiled)
with the same semantics: every clause matches (any of its tokens), filters are equalities on
facet values (and ranges on date and price), facet counts are over the filtered matches
(each facet's own filter left out, so its other values still show their counts)."""
from abc import ABC, abstractmethod
from collections.abc import Iterable

from ..documents import Document
from ..query import Compiled, SearchQuery


class SearchUnavailable(Exception):
    """The engine cannot answer (a cluster down, a timeout): search.api shows a clear message."""


class Backend(ABC):
    name = ""
    Unavailable = SearchUnavailable

    @abstractmethod
    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace these documents; returns how many were written."""
        raise NotImplementedError

    @abstractmethod
    def delete(self, kind: str, refs: Iterable[int]) -> int:
        """Remove these documents (no longer public, or deleted); missing ones are ignored."""
        raise NotImplementedError

    @abstractmethod
    def search(self, query: SearchQuery, compiled: Compiled) -> "RawResults":
        raise NotImplementedError

    @abstractmethod
    def suggest(self, prefix: str, limit: int) -> list[tuple[str, str, str]]:
        """Completions for what has been typed so far: (title, kind, url), best first."""
        raise NotImplementedError

    @abstractmethod
    def rebuild(self, kind: str, documents: Iterable[Document], total: int | None = None, progress=None) -> int:
        """Replace everything of `kind` with these documents (search_rebuild); `progress(n)` is
        called as documents are written. Searches keep answering from the old data until the new
        is complete."""
        raise NotImplementedError

    @abstractmethod
    def count(self, kind: str | None = None) -> int:
        raise NotImplementedError

    @abstractmethod
    def clear(self) -> None:
        """Remove every document (tests; a rebuild from nothing)."""
        raise NotImplementedError


class RawResults:
    """A backend's answer before search.api dresses it: the page's documents with their scores,
    the total, and facet counts {facet: {value: count}}; `exact` False when the total is an
    estimate and `estimated` the facets whose counts are (the database backend's broad searches)."""

    def __init__(self, documents, scores, total, facet_counts, exact=True, estimated=()):
        self.documents = documents
        self.scores = scores
        self.total = total
        self.facet_counts = facet_counts
        self.exact = exact
        self.estimated = frozenset(estimated)
