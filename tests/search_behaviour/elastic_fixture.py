"""The `elasticsearch_backend` fixture: the Elasticsearch backend against a live server.

With ELASTICSEARCH_URL in the environment the tests use that cluster (with the 8.x client's
compatibility header, as production does); otherwise one osmem-server (an in-memory
OpenSearch-compatible server, the `test` extra installs it) is started for the whole test
session and spoken to with plain JSON headers. Each test gets an index prefix of its own, and
its indexes are deleted afterwards, so tests never see each other's documents.

A conftest imports the fixture by name (tests/search_behaviour, tests/search_elastic).
"""
import atexit
import functools
import os
import uuid

import pytest

from search.backends import get_backend


@functools.cache
def _osmem_url():
    """One osmem-server per test process (it also exits with the process)."""
    from osmem_server import OsmemServer
    server = OsmemServer.start(japanese=False)
    atexit.register(server.close)
    return server.url


def elasticsearch_server():
    """(url, send the compatibility header?) of the server the Elasticsearch tests use."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        return url, True
    return _osmem_url(), False


@pytest.fixture
def elasticsearch_backend(settings, db):
    """The backend pointed at the test server with an index prefix of this test's own."""
    url, compatibility = elasticsearch_server()
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_COMPATIBILITY_HEADER = compatibility
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.ELASTICSEARCH_ANALYZER = "cjk"
    backend = get_backend("elasticsearch")
    yield backend
    backend.clear()
