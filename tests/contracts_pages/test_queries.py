"""The list and the contract's page run the same number of queries however many rows they show."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContractFactory, DeliveryFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_more_contracts(scene, login):
    client = login(scene.owner_user)
    url = reverse("contracts:contracts")
    _count(client, url)  # the first request fills the per-process memos
    before = _count(client, url)
    for _ in range(3):
        ContractFactory(signed=True, job__owner=scene.signed.owner)
    assert _count(client, url) == before


def test_the_contract_page_runs_the_same_queries_for_more_milestones(scene, login):
    client = login(scene.owner_user)
    url = reverse("contracts:contract", args=[scene.signed.pk])
    _count(client, url)  # the first request fills the per-process memos
    before = _count(client, url)
    for number in (3, 4):
        DeliveryFactory(milestone=MilestoneFactory(contract=scene.signed, number=number, amount_fen=100))
    assert _count(client, url) == before
