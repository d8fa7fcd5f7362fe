"""Bad input never makes a 500: empty and huge queries, SQL and Lucene syntax, unbalanced quotes,
control characters, pages that are not pages, facet values and dates that are not values or
dates: a results page (possibly empty) with a clear message, and nothing written."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

URL = "/search/"

CASES = [
    ({"q": ""}, "请输入要搜索的内容"),
    ({"q": "环" * 10_000}, "搜索词过长"),
    ({"q": '" OR 1=1 --'}, None),
    ({"q": "*:*"}, None),
    ({"q": "field:("}, None),
    ({"q": '"环评'}, None),
    ({"q": "环\x00评\x07\x1b"}, None),
    ({"q": "环评", "page": "40"}, "没有第 40 页"),
    ({"q": "环评", "page": "999"}, "最多可翻到第"),
    ({"q": "环评", "page": "abc"}, "页码无效"),
    ({"q": "环评", "page": "-3"}, "页码无效"),
    ({"q": "环评", "page": "99999999999999999999"}, "页码无效"),
    ({"q": "环评", "page": "100000"}, "最多可翻到第"),
    ({"q": "环评", "grade": "Z"}, "信用等级"),
    ({"q": "环评", "region": "'; DROP TABLE x; --"}, "地区"),
    ({"q": "环评", "status": "draft"}, "项目状态"),
    ({"q": "环评", "kind": "secrets"}, "没有这一类别"),
    ({"q": "环评", "sort": "random()"}, "没有这种排序方式"),
    ({"q": "环评", "date_from": "2025-02-30"}, "日期格式无效"),
    ({"q": "环评", "date_to": "yesterday"}, "日期格式无效"),
    ({"q": "环评", "price_min": "-5"}, "价格应为"),
    ({"q": "环评", "price_max": "1e99"}, "价格应为"),
    ({"q": "环评", "date_from": "2025-12-31", "date_to": "2025-01-01"}, "已对调"),
]


@pytest.mark.parametrize(("params", "message"), CASES)
def test_bad_input_gets_a_page_with_a_message_and_writes_nothing(client, world, params, message):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    content = response.content.decode()
    if message:
        assert message in content
    verbs = [q["sql"].lstrip().split(" ", 1)[0].upper() for q in captured]
    writes = [verb for verb in verbs if verb in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_a_page_past_the_end_shows_the_last_page(client, world):
    content = client.get(URL, {"q": "环评", "page": "40"}).content.decode()
    assert "德阳清源技术服务有限公司" in content.replace("<mark>", "").replace("</mark>", "")


def test_the_suggest_endpoint_takes_bad_input_too(client, world):
    for value in ("", "环" * 10_000, '" OR 1=1 --', "\x00", "*:*"):
        assert client.get("/search/suggest/", {"q": value}).status_code == 200
        assert client.get("/search/suggest/", {"q": value, "format": "json"}).status_code == 200
