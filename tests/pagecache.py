"""The public page cache (core/pagecache.py) in tests: pages asked for until the cache answers,
or rendered now. The cache is switched on by the fixture page_cache_on (tests/conftest.py):

    pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
"""
from core import pagecache


def cached(client, path, **headers):
    """GET `path` until the cache answers (a topic's first version is taken by the first
    render, which is therefore not kept); the cached response."""
    for _attempt in range(3):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        if response.get(pagecache.HIT_HEADER) == "hit":
            return response
    raise AssertionError(f"{path} was not served from the cache")


def cached_text(client, path):
    return cached(client, path).content.decode()


def fresh(client, path):
    """The page rendered now, not from the cache: its text."""
    response = client.get(path)
    assert response.status_code == 200 and response.get(pagecache.HIT_HEADER) != "hit", path
    return response.content.decode()
