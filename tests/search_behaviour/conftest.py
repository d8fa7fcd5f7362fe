"""The search behaviour suite runs once per engine: the database backend (PostgreSQL or SQLite,
whichever the run uses) and Elasticsearch (osmem-server started by the tests, or the cluster at
ELASTICSEARCH_URL)."""
import pytest

from search.backends import get_backend

from .elastic_fixture import elasticsearch_backend  # noqa: F401  (a fixture)


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def engine(request, db):
    """The backend's name; its index starts empty."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch_backend")
    get_backend(request.param).clear()
    return request.param
