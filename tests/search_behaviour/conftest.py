"""The search behaviour suite runs once per engine: the database backend (PostgreSQL or SQLite,
whichever the run uses) and Elasticsearch (osmem-server started by the tests, or the cluster at
ELASTICSEARCH_URL). Every test indexes hand-made documents (helpers.py) and asks through
search.api, so both engines answer the same questions."""
import pytest

from search.backends import get_backend

# The Elasticsearch fixtures (elasticsearch_backend and those it uses), whatever their names.
from .elastic_fixture import *  # noqa: F403


@pytest.fixture(autouse=True)
def _only_the_tests_documents(settings):
    """The catalogue items a test makes for the lexicon would otherwise index themselves (the
    indexing listener): the index holds only what the test put there."""
    settings.SEARCH_INDEX_ON_CHANGE = False


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def engine(request, db):
    """The backend's name; its index starts empty."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch_backend")
    get_backend(request.param).clear()
    return request.param
