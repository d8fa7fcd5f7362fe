"""The statistics pages and exports run the same number of queries however much data the
summary holds (everything is summed in the database from the materialised rows)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import grow

pytestmark = pytest.mark.django_db


def _count(client, url, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
        assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url, query", [
    (reverse("oversight_regulator:statistics"), {}),
    (reverse("oversight_regulator:statistics"), {"category": "x", "region": "510600"}),
    (reverse("oversight_regulator:statistics_export_csv"), {"table": "regions"}),
    (reverse("oversight_regulator:statistics_export_xlsx"), {"table": "concentration"}),
])
def test_the_regulator_pages_run_the_same_queries_for_more_data(regulator_client, scene, url, query):
    _count(regulator_client, url, query)  # the first request fills the per-process memos
    before = _count(regulator_client, url, query)
    grow(scene)
    assert _count(regulator_client, url, query) == before


def test_the_public_summary_runs_the_same_queries_for_more_data(client, scene, summary_url):
    url = summary_url
    _count(client, url)
    before = _count(client, url)
    grow(scene)
    assert _count(client, url) == before
