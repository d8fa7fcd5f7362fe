"""Long lists (core.pagination): the first pages by number, deeper ones by cursor, counts that
stop at a limit and show an estimate past it, and nothing a visitor types in ?page=, ?after= or
?before= gives anything but a page."""
import base64
import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict
from django.utils import timezone, translation

from core import pagination
from core.pagination import Count, ListPaginator, approximately, count_rows
from marketplace.selectors.directory import agency_directory
from providers.models import Organisation
from tests.factories import AgencyFactory, RegionFactory, valid_uscc

pytestmark = pytest.mark.django_db

PER_PAGE = 5


@pytest.fixture
def agencies(db):
    """47 agencies: 12 rated (by score, some tied) then 35 unrated (by name), so every page
    boundary crosses ties of the sort key."""
    region = RegionFactory()
    rated_at = timezone.now()
    rows = AgencyFactory.build_batch(47, region=region)
    for number, agency in enumerate(rows):
        agency.uscc = valid_uscc(seed=f"pagination-{number}")
        agency.name = f"机构{number % 9:02d}-{number:03d}"
        if number < 12:
            agency.credit_rated_at = rated_at
            agency.credit_score = Decimal(90 - number // 3)
    Organisation.objects.bulk_create(rows)
    return list(agency_directory())


def paginator(**changes):
    result = ListPaginator(agency_directory(), per_page=PER_PAGE)
    for name, value in changes.items():
        setattr(result, name, value)
    return result


def get(url_or_params, **changes):
    params = QueryDict(url_or_params.lstrip("?")) if isinstance(url_or_params, str) else url_or_params
    return paginator(**changes).get_page(params)


def walk(start, link):
    """The pages met following `link` ("next_url" or "previous_url") from `start`."""
    pages = [start]
    while (url := getattr(pages[-1], link)) is not None:
        pages.append(get(url, numbered_pages=3))
        assert len(pages) < 50
    return pages


def test_numbered_pages_then_cursors_cover_every_row_once_in_order(agencies):
    forward = walk(get("", numbered_pages=3), "next_url")

    assert [row.pk for page in forward for row in page] == [row.pk for row in agencies]
    assert [page.shown_number for page in forward] == list(range(1, 11))
    assert "page=3" in forward[1].next_url and "after=" in forward[2].next_url  # past page 3: cursors
    assert forward[-1].next_url is None and forward[-1].last_url is None


def test_from_the_last_page_backwards_every_row_once(agencies):
    last = get("?before=end", numbered_pages=3)
    backward = walk(last, "previous_url")

    assert [row.pk for page in reversed(backward) for row in page] == [row.pk for row in agencies]
    assert last.shown_number == 10 and last.next_url is None
    assert len(last) == 2  # 47 rows, 5 a page: the last page has what is left


def test_a_page_number_past_the_numbered_pages_gives_the_last_numbered_one(agencies):
    page = get("?page=2000", numbered_pages=3)

    assert page.shown_number == 3
    assert [row.pk for row in page] == [row.pk for row in agencies[10:15]]
    assert "after=" in page.next_url


def test_past_the_count_limit_the_count_is_an_estimate_and_pages_count_from_the_end(agencies):
    assert count_rows(agency_directory(), limit=46) == Count(47, False)
    assert count_rows(agency_directory(), limit=47) == 47

    page = get("", numbered_pages=3, count_limit=10)
    assert not page.paginator.count_is_exact and page.paginator.num_pages is None
    assert page.last_url.endswith("before=end")
    last = get(page.last_url, numbered_pages=3, count_limit=10)
    assert last.from_end == 1 and last.shown_number is None
    before_last = get(last.previous_url, numbered_pages=3, count_limit=10)
    assert before_last.from_end == 2
    assert [row.pk for row in before_last] == [row.pk for row in agencies[37:42]]


def test_an_estimate_is_asked_of_the_database_once_in_a_while_not_on_every_page(agencies):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts instead of estimating")
    count_rows(agency_directory(), limit=10)
    with CaptureQueriesContext(connection) as again:
        assert not count_rows(agency_directory(), limit=10).exact
    assert len(again) == 1  # the LIMITed count; the estimate (PostgreSQL's EXPLAIN) is kept


def test_links_keep_the_filters(agencies):
    page = get("?q=机构&grade=&page=2", numbered_pages=2)

    assert page.shown_number == 2
    assert "q=" in page.next_url and "after=" in page.next_url and "page=" not in page.next_url
    assert page.previous_url == "?q=%E6%9C%BA%E6%9E%84&grade="


def cursor(number, values):
    return base64.urlsafe_b64encode(json.dumps([number, values]).encode()).decode().rstrip("=")


BAD_CURSORS = [
    "", "x", "%%%", "end2", "a" * 5000, base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    cursor(1, []), cursor(1, ["1", "a"]), cursor(0, ["-90.00", "机构", 1]), cursor(True, ["-90.00", "机构", 1]),
    cursor(1, ["NaN", "机构", 1]), cursor(1, ["Infinity", "机构", 1]), cursor(1, ["1e999999", "机构", 1]),
    cursor(1, ["123456789.5", "机构", 1]), cursor(1, ["-90.00", "机" * 300, 1]), cursor(1, ["-90.00", "机构", 2**63]),
    cursor(1, ["-90.00", "机构", -1]), cursor(1, ["-90.00", "机构", "1e3"]), cursor(1, ["-90.00", None, 1]),
    cursor(1, [["-90"], "机构", 1]), cursor(10**12, ["-90.00", "机构", 1]), cursor(1, ["-90.00", "机构", True]),
]


@pytest.mark.parametrize("value", BAD_CURSORS)
def test_a_cursor_that_is_not_ours_gives_the_first_page(agencies, value):
    for name in ("after", "before"):
        page = get({name: value})
        assert page.shown_number == 1
        assert [row.pk for row in page] == [row.pk for row in agencies[:PER_PAGE]]


def test_the_pages_answer_bad_cursors_with_the_first_page(client, agencies):
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    first = agencies[0].name
    for value in BAD_CURSORS[:12]:
        for name in ("after", "before", "page"):
            response = client.get("/agencies/", {name: value})
            assert response.status_code == 200, (name, value)
            assert first in response.content.decode()


def test_a_cursor_past_the_end_gives_the_last_page(agencies):
    last = agencies[-1]
    page = get({"after": cursor(9, ["10000", "机构99", last.pk])})

    assert [row.pk for row in page] == [row.pk for row in agencies[-2:]]


def test_a_datetime_cursor_must_be_aware(db):
    key = ListPaginator(Organisation.objects.order_by("-created_at"), per_page=2).key
    moment = timezone.now()
    assert key.decode(key.encode(3, [moment, 7])) == (3, [moment, 7])
    assert key.decode(cursor(3, [moment.replace(tzinfo=None).isoformat(), 7])) is None
    assert key.decode(cursor(3, ["not a time", 7])) is None
    assert key.decode(cursor(3, [datetime.date(2024, 1, 1).isoformat() + "T00:00:00+08:00", 7]))[0] == 3


def test_a_list_in_mixed_directions_is_refused(db):
    with pytest.raises(ImproperlyConfigured):
        ListPaginator(Organisation.objects.order_by("-created_at", "name"))


@pytest.mark.parametrize(("number", "chinese", "english"), [
    (10_001, "1 万", "10,000"),
    (100_000, "10 万", "100,000"),
    (123_456, "12 万", "120,000"),
    (1_234_567, "120 万", "1,200,000"),
    (123_456_789, "1.2 亿", "120,000,000"),
])
def test_an_estimate_is_shown_rounded_in_the_readers_units(number, chinese, english):
    assert approximately(number) == chinese
    assert str(Count(number, False)) == f"约 {chinese}"
    with translation.override("en"):
        assert approximately(number) == english
        assert str(Count(number, False)) == f"about {english}"


def test_the_directory_says_about_how_many_past_the_limit(client, agencies, monkeypatch):
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    monkeypatch.setattr(pagination.ListPaginator, "count_limit", 10)
    html = client.get("/agencies/").content.decode()
    # The estimate: SQLite counts (47); PostgreSQL's planner guesses, and never below the limit.
    assert re.search(r"约 \d+家机构", html) and "共 47 家机构" not in html
    assert "?before=end" in html  # 末页: the list read backwards
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert re.search(r"about \d+ agencies", client.get("/agencies/").content.decode())
