"""The search engines behind search.api: `database` (default; PostgreSQL full text + pg_trgm,
or SQLite FTS5) and `elasticsearch`. Chosen by settings.SEARCH_BACKEND."""
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elastic.ElasticsearchBackend",
}


@cache
def _backend(name):
    return import_string(BACKENDS[name])()


def get_backend(name=None):
    return _backend(name or settings.SEARCH_BACKEND)
