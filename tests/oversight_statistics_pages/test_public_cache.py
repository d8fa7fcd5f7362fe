"""The public summary is served from the page cache like the other public pages, and a refresh
of the statistics (a change to StatsMonth announces the topic "statistics") shows at once."""
import pytest
from django.test import Client

from core.pagecache import HIT_HEADER

from .conftest import month_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_the_public_summary_is_cached_until_the_statistics_change(client, scene, summary_url):
    url = summary_url
    # A topic's first version is taken by the first render, which is therefore not kept.
    responses = [client.get(url) for _attempt in range(3)]
    assert all(response.status_code == 200 for response in responses)
    assert responses[-1].get(HIT_HEADER) == "hit" and responses[-1].content == responses[0].content
    # What refresh_statistics writes: any saved summary row announces the topic.
    month_row(scene.item_b, scene.regions["510104"], scene.month, awarded=100)
    fresh = client.get(url)
    assert HIT_HEADER not in fresh
    assert 'data-headline="jobs"><span class="label">成交项目</span><span class="value">122<' in fresh.content.decode()


def test_a_logged_in_regulator_is_never_served_the_cached_page(regulator_client, scene, summary_url):
    url = summary_url
    anonymous = Client()
    assert [anonymous.get(url).get(HIT_HEADER) for _attempt in range(3)][-1] == "hit"
    response = regulator_client.get(url)
    assert HIT_HEADER not in response and "private" in response["Cache-Control"]
