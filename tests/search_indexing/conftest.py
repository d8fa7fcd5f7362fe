"""The indexing scene: an index in memory that records what the sources hand it (the documents
themselves, so a test can look for a bidder's name in every field), the change listener on, and
helpers to read a document back."""
import dataclasses

import pytest

from search.backends.base import Backend, RawResults


class MemoryBackend(Backend):
    """Keeps the documents as given, by (kind, ref). What it holds is exactly what the sources
    built; the engines' own behaviour is tested in tests/search_behaviour."""

    name = "memory"

    def __init__(self):
        self.documents = {}
        self.rebuilt = []

    def index(self, documents):
        written = 0
        for document in documents:
            self.documents[(document.kind, document.ref)] = document
            written += 1
        return written

    def delete(self, kind, refs):
        refs = set(refs)
        gone = [key for key in self.documents if key[0] == kind and key[1] in refs]
        for key in gone:
            del self.documents[key]
        return len(gone)

    def rebuild(self, kind, documents, total=None, progress=None):
        fresh = {}
        for document in documents:
            fresh[(document.kind, document.ref)] = document
            if progress:
                progress(1)
        self.documents = {key: value for key, value in self.documents.items() if key[0] != kind}
        self.documents.update(fresh)
        self.rebuilt.append(kind)
        return len(fresh)

    def count(self, kind=None):
        return sum(1 for key in self.documents if kind is None or key[0] == kind)

    def clear(self):
        self.documents = {}

    def search(self, query, compiled):
        return RawResults([], [], 0, {})

    def suggest(self, prefix, limit):
        return []

    # --- for the tests ---
    def get(self, kind, ref):
        return self.documents.get((kind, ref))

    def refs(self, kind):
        return sorted(ref for doc_kind, ref in self.documents if doc_kind == kind)

    def text(self):
        """Every field of every document as one string: what an engine could ever match."""
        return "\n".join(repr(dataclasses.asdict(document)) for document in self.documents.values())


@pytest.fixture
def memory(monkeypatch, settings):
    """The listener on, every index write going to a fresh MemoryBackend."""
    backend = MemoryBackend()
    monkeypatch.setattr("search.tasks.get_backend", lambda name=None: backend)
    monkeypatch.setattr("search.indexing.get_backend", lambda name=None: backend)
    settings.SEARCH_INDEX_ON_CHANGE = True
    return backend
