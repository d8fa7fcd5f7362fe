"""Zero-downtime rebuilds: a new index behind the alias, swapped when complete."""
import pytest

from search import text
from search.query import SearchQuery

from .conftest import make_document

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def backend(elasticsearch_backend, words):
    return elasticsearch_backend


def titles(backend, words, q=""):
    raw = backend.search(SearchQuery(text=q, kinds=("agency",)), text.compile_query(q, words))
    return sorted(d.title for d in raw.documents)


def indexes(backend, kind="agency"):
    """{index: holds the alias} of the kind."""
    return backend._indices(kind)


def test_a_search_during_the_rebuild_answers_from_the_old_index(backend, words):
    backend.index([make_document(ref=1, title="旧的测绘院")])
    seen_during = []

    def documents():
        yield make_document(ref=1, title="新的测绘院")
        yield make_document(ref=2, title="新的规划院")
        # the new index holds both, the alias still the old one
        seen_during.append(titles(backend, words))
        seen_during.append(backend.count("agency"))

    progress = []
    assert backend.rebuild("agency", documents(), total=2, progress=progress.append) == 2
    assert seen_during == [["旧的测绘院"], 1]
    assert sum(progress) == 2
    assert titles(backend, words) == ["新的测绘院", "新的规划院"]


def test_after_the_rebuild_the_alias_is_on_the_new_index_and_the_old_is_gone(backend, words):
    backend.index([make_document(ref=1, title="旧的测绘院")])
    (old,) = indexes(backend)
    backend.rebuild("agency", [make_document(ref=2, title="新的规划院")])
    ((new, aliased),) = indexes(backend).items()
    assert aliased and new != old and new.startswith(backend.alias("agency") + "-")
    assert titles(backend, words) == ["新的规划院"]
    # a second rebuild replaces it again
    backend.rebuild("agency", [])
    assert list(indexes(backend)) not in ([old], [new]) and backend.count("agency") == 0


def test_a_rebuild_leaves_the_other_kinds_alone(backend, words):
    backend.index([make_document(ref=1, title="测绘院"), make_document(kind="job", ref=5, title="测绘服务")])
    backend.rebuild("agency", [])
    assert backend.count("job") == 1 and backend.count("agency") == 0


def test_an_update_during_the_rebuild_reaches_the_new_index(backend, words):
    backend.index([make_document(ref=1, title="旧的测绘院")])

    def documents():
        yield make_document(ref=1, title="新的测绘院")
        # a task indexes an agency created while the rebuild reads
        backend.index([make_document(ref=3, title="刚成立的规划院")])

    backend.rebuild("agency", documents())
    assert titles(backend, words) == ["刚成立的规划院", "新的测绘院"]


def test_a_failed_rebuild_keeps_the_old_index(backend, words):
    backend.index([make_document(ref=1, title="旧的测绘院")])
    before = indexes(backend)

    def documents():
        yield make_document(ref=1, title="新的测绘院")
        raise RuntimeError("the source failed")

    with pytest.raises(RuntimeError):
        backend.rebuild("agency", documents())
    assert titles(backend, words) == ["旧的测绘院"]
    # the half-built index is not left behind
    assert indexes(backend) == before


def test_the_new_index_carries_the_synonym_table_and_the_analyser(backend, words):
    from search.models import SynonymGroup
    SynonymGroup.objects.create(words="环评\n环境影响评价")
    backend.rebuild("agency", [make_document()])
    (name,) = indexes(backend)
    analysis = backend.client.indices.get_settings(index=name)[name]["settings"]["index"]["analysis"]
    assert analysis["filter"]["zh_synonyms"]["synonyms"] == ["环评, 环境影响评价"]
    assert analysis["analyzer"]["zh_index"]["type"] == "cjk"
