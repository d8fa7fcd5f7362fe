"""/search/suggest/: JSON when asked (Accept: application/json or ?format=json), a plain page of
links otherwise (what a browser without the script gets)."""
import pytest

pytestmark = pytest.mark.django_db

URL = "/search/suggest/"


def test_json_by_format(client, world):
    response = client.get(URL, {"q": "环", "format": "json"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["query"] == "环"
    assert body["suggestions"], body
    first = body["suggestions"][0]
    assert set(first) == {"title", "kind", "kind_label", "url"}
    assert any("环" in row["title"] for row in body["suggestions"])


def test_json_by_accept_header(client, world):
    response = client.get(URL, {"q": "环"}, headers={"Accept": "application/json"})
    assert response["Content-Type"].startswith("application/json")
    assert "Accept" in response["Vary"]


def test_a_page_of_links_otherwise(client, world):
    response = client.get(URL, {"q": "环"})
    content = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert '<ul class="list-plain suggestions">' in content
    for row in client.get(URL, {"q": "环", "format": "json"}).json()["suggestions"]:
        assert f'href="{row["url"]}"'.replace("&", "&amp;") in content


def test_nothing_typed(client, world):
    assert client.get(URL, {"format": "json"}).json() == {"query": "", "suggestions": []}
    assert "请输入要搜索的内容" in client.get(URL).content.decode()
