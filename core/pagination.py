"""Pagination for long public lists: counts that stop counting, and cursors for deep pages.

A list of 100,000 agencies or 1,000,000 notices must not cost more on page 2,000 than on page 1,
and its count must not read the whole table. So `ListPaginator`:

- counts exactly up to COUNT_LIMIT rows (a count over a LIMITed subquery, which stops there);
  past that the count is an estimate: on PostgreSQL the planner's row estimate for the list's
  query (EXPLAIN, no rows read; kept in the cache a few minutes), elsewhere (SQLite:
  development and tests) an exact count. A page shows it as "约 10 万家" (`Count`);
- numbers the first NUMBERED_PAGES pages (`?page=3`, an OFFSET that stays small); from there on
  "下一页" carries a cursor, `?after=<the last row's sort key>`, and "上一页" `?before=<the first
  row's>`, answered by a WHERE on the sort key that an index in the same order serves, however
  deep (keyset pagination); "末页" is `?before=end`, the list read backwards. A page number past
  the numbered ones gives the last numbered page; a cursor that does not decode, has the wrong
  shape or values out of their field's range is ignored (the first page), never a 500.

The list's queryset must be ordered by fields or annotations of its model, all ascending or all
descending (an index serves the row comparison `(a, b, pk) > (…)` only then), and its order must
end in a unique one; "pk" is added when it does not. A cursor also carries the number of the
page it leads to (negative: counted from the end), so a page can say "第 51 页" or "倒数第 2 页".
"""
import base64
import binascii
import hashlib
import json
import math
from collections.abc import Sequence
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections
from django.db.models import BooleanField, Expression, F, Value
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext

from .converters import parse_id

COUNT_LIMIT = 10_000
NUMBERED_PAGES = 50
PER_PAGE = 20
END = "end"  # ?before=end: the last page


# --- counts --------------------------------------------------------------------------------------

def rounded(number):
    """`number` to two significant digits: 123,456 → 120,000."""
    digits = len(str(abs(number))) - 2
    return round(number, -digits) if digits > 0 else number


def approximately(number):
    """A rounded count in the reader's language: Chinese counts in 万 and 亿 ("10 万",
    "1.2 亿"), other languages with thousands separators ("100,000")."""
    number = rounded(number)
    if (get_language() or "").lower().startswith("zh"):
        for size, unit in ((10**8, "亿"), (10**4, "万")):
            if number >= size:
                return f"{number / size:g} {unit}"
        return str(number)
    return f"{number:,}"


class Count:
    """How many rows a list has: exact, or an estimate once there are more than COUNT_LIMIT.
    `str()` gives "12" or "约 10 万" / "about 100,000"; `shown` gives the number part alone, for
    sentences like "约 {{ n }} 家机构"."""

    def __init__(self, value, exact):
        self.value = value
        self.exact = exact

    @property
    def shown(self):
        return str(self.value) if self.exact else approximately(self.value)

    def __str__(self):
        return self.shown if self.exact else gettext("约 %(n)s") % {"n": self.shown}

    def __int__(self):
        return self.value

    def __eq__(self, other):
        """Equal to a number only when exactly that many (an estimate is never "exactly 12")."""
        if isinstance(other, Count):
            return (self.value, self.exact) == (other.value, other.exact)
        if isinstance(other, int) and not isinstance(other, bool):
            return self.exact and self.value == other
        return NotImplemented

    def __hash__(self):
        return hash((self.value, self.exact))

    def __repr__(self):
        return f"Count({self.value}, exact={self.exact})"


def count_rows(queryset, limit=COUNT_LIMIT):
    """The number of rows of `queryset` as a `Count`, reading at most `limit` + 1 of them."""
    bare = queryset.order_by().values("pk")
    exact = bare[: limit + 1].count()
    if exact <= limit:
        return Count(exact, True)
    return Count(max(estimate_rows(bare), limit + 1), False)


# An estimate is shown as one ("约 10 万家"): the same list asked again within this time reuses it
# from the cache instead of asking the planner, so a long list costs the same queries as a short one.
ESTIMATE_SECONDS = 300


def estimate_rows(queryset):
    """The planner's estimate of the rows `queryset` returns (PostgreSQL), reading none; other
    databases count."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count()
    sql, params = queryset.query.sql_with_params()
    key = "row-estimate:" + hashlib.sha256(repr((connection.settings_dict["NAME"], sql, params)).encode()).hexdigest()
    estimate = cache.get(key)
    if estimate is None:
        estimate = _planner_estimate(connection, sql, params)
        cache.set(key, estimate, ESTIMATE_SECONDS)
    return estimate


def _planner_estimate(connection, sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


# --- the sort key and cursors --------------------------------------------------------------------

class RowCompare(Expression):
    """`(a, b, c) > (x, y, z)` (or `<`): the rows after (before) a cursor in a list's order, as
    one row comparison, which a B-tree index in that order serves as a range (PostgreSQL; SQLite
    since 3.15 understands it too)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, columns, values, operator):
        super().__init__()
        self.columns, self.values, self.operator = list(columns), list(values), operator

    def get_source_expressions(self):
        return [*self.columns, *self.values]

    def set_source_expressions(self, expressions):
        self.columns, self.values = expressions[: len(self.columns)], expressions[len(self.columns):]

    def as_sql(self, compiler, connection):
        sides = []
        params = []
        for part in (self.columns, self.values):
            sqls = []
            for expression in part:
                sql, expression_params = compiler.compile(expression)
                sqls.append(sql)
                params.extend(expression_params)
            sides.append(", ".join(sqls))
        return f"({sides[0]}) {self.operator} ({sides[1]})", params


class SortKey:
    """The order of a list as a keyset: its columns, their fields, one direction."""

    def __init__(self, queryset):
        order = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not order or not all(isinstance(name, str) for name in order):
            raise ImproperlyConfigured("A paginated list is ordered by field or annotation names.")
        descending = {name.startswith("-") for name in order}
        if len(descending) > 1:
            raise ImproperlyConfigured(f"A paginated list is ordered in one direction, not {order}.")
        self.descending = descending.pop() if descending else False
        self.names = [name.lstrip("-") for name in order]
        if self.names[-1:] not in (["pk"], [queryset.model._meta.pk.name]):
            self.names.append("pk")
        self.fields = [self._field(queryset, name) for name in self.names]

    @staticmethod
    def _field(queryset, name):
        if name in queryset.query.annotations:
            return queryset.query.annotations[name].output_field
        model = queryset.model
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if field.is_relation or not field.concrete:
            raise ImproperlyConfigured(f"A paginated list cannot be ordered by {name!r}.")
        return field

    def ordered(self, queryset, backwards=False):
        sign = "-" if self.descending != backwards else ""
        return queryset.order_by(*(sign + name for name in self.names))

    def values(self, row):
        return [getattr(row, name) for name in self.names]

    def beyond(self, queryset, values, backwards=False):
        """The rows of `queryset` after `values` in its order (before them, `backwards`)."""
        operator = "<" if self.descending != backwards else ">"
        columns = [F(name) for name in self.names]
        literals = [Value(value, output_field=field) for value, field in zip(values, self.fields)]
        return queryset.filter(RowCompare(columns, literals, operator))

    # A cursor: URL-safe base64 of JSON [page number, [key values]].
    def encode(self, number, values):
        plain = [value.isoformat() if hasattr(value, "isoformat") else
                 value if isinstance(value, int | str) or value is None else str(value) for value in values]
        text = json.dumps([number, plain], ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def decode(self, cursor):
        """(page number, key values) from a cursor, or None when it is not one of ours."""
        if not isinstance(cursor, str) or not cursor or len(cursor) > 2000:
            return None
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            number, plain = json.loads(text)
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
            return None
        if not isinstance(number, int) or isinstance(number, bool) or not (-10**9 < number < 10**9) or number == 0:
            return None
        if not isinstance(plain, list) or len(plain) != len(self.fields):
            return None
        values = []
        for raw, field in zip(plain, self.fields):
            value = self._value(raw, field)
            if value is None:
                return None
            values.append(value)
        return number, values

    @staticmethod
    def _value(raw, field):
        """A key value checked by its field: the type, the range, an aware time; else None."""
        if not isinstance(raw, int | str) or isinstance(raw, bool):
            return None
        if field.primary_key and field.get_internal_type() in ("AutoField", "BigAutoField"):
            return parse_id(raw if isinstance(raw, int) else str(raw))
        try:
            value = field.to_python(raw)
            field.run_validators(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            return None
        if value is None or (hasattr(value, "tzinfo") and hasattr(value, "hour") and timezone.is_naive(value)):
            return None
        return value


# --- the paginator and its pages -----------------------------------------------------------------

class ListPaginator:
    """Pages of an ordered queryset; see the module's docstring."""

    count_limit = COUNT_LIMIT
    numbered_pages = NUMBERED_PAGES

    def __init__(self, queryset, per_page=PER_PAGE):
        self.key = SortKey(queryset)
        self.queryset = self.key.ordered(queryset)
        self.per_page = per_page

    @cached_property
    def total(self):
        return count_rows(self.queryset, self.count_limit)

    @property
    def count(self):
        return self.total.value

    @property
    def count_is_exact(self):
        return self.total.exact

    @cached_property
    def num_pages(self):
        """The number of pages when the count is exact, else None."""
        if not self.total.exact:
            return None
        return max(1, math.ceil(self.total.value / self.per_page))

    @property
    def last_numbered(self):
        """The last page reached by ?page= (and, with an exact count, by number at all)."""
        return min(self.numbered_pages, self.num_pages or self.numbered_pages)

    def get_page(self, params):
        """The page that the query parameters ask for (`request.GET`); anything unusable gives
        the first page."""
        after, before = params.get("after"), params.get("before")
        if before == END:
            return self._from_end(params)
        for raw, backwards in ((after, False), (before, True)):
            cursor = self.key.decode(raw)
            if cursor is not None:
                return self._beyond(*cursor, backwards=backwards, params=params)
        return self._numbered(params.get("page"), params)

    def _numbered(self, asked, params):
        number = parse_id(asked) or 1
        number = min(number, self.last_numbered)
        offset = (number - 1) * self.per_page
        rows = list(self.queryset[offset: offset + self.per_page + 1])
        if not rows and number > 1:  # rows went away since the count: the last page there is
            return self._numbered(str(max(1, math.ceil(self.count / self.per_page))), params)
        return ListPage(self, rows[: self.per_page], number=number, has_previous=number > 1,
                        has_next=len(rows) > self.per_page, params=params)

    def _beyond(self, number, values, *, backwards, params):
        query = self.key.beyond(self.key.ordered(self.queryset, backwards), values, backwards)
        rows = list(query[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if backwards:
            rows.reverse()
            if not more:  # nothing before these: the first page, as its link shows it
                return self._numbered("1", params)
            return ListPage(self, rows, number=number, has_previous=True, has_next=True, params=params)
        if not rows:  # a cursor past the end: the last page
            return self._from_end(params)
        return ListPage(self, rows, number=number, has_previous=True, has_next=more, params=params)

    def _from_end(self, params):
        """The last page: with an exact count the one its number says (what is left after the
        full pages), else the last `per_page` rows, counted from the end."""
        size = self.per_page
        if self.num_pages is not None:
            size = self.count - (self.num_pages - 1) * self.per_page or self.per_page
        rows = list(self.key.ordered(self.queryset, backwards=True)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        rows.reverse()
        number = self.num_pages if self.num_pages is not None else -1
        return ListPage(self, rows, number=number, has_previous=more, has_next=False, params=params)


class ListPage(Sequence):
    """One page of a `ListPaginator`: its rows (`object_list`, a list a page may replace with
    decorated rows) and the links to the pages around it, as query strings that keep the
    list's filters (`first_url`, `previous_url`, `next_url`, `last_url`; None where there is
    none)."""

    def __init__(self, paginator, rows, *, number, has_previous, has_next, params=None):
        self.paginator = paginator
        self.object_list = rows
        self.number = number  # > 0 from the start, < 0 from the end (-1: the last page)
        self._has_previous = has_previous and bool(rows)
        self._has_next = has_next and bool(rows)
        self.params = params if params is not None else {}

    def __len__(self):
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def __repr__(self):
        return f"<ListPage {self.number}: {len(self)} rows>"

    def has_previous(self):
        return self._has_previous

    def has_next(self):
        return self._has_next

    def has_other_pages(self):
        return self._has_previous or self._has_next

    @property
    def shown_number(self):
        """The page's number counted from the start, when it is known."""
        if self.number > 0:
            return self.number
        if self.paginator.num_pages is not None:
            return self.paginator.num_pages + 1 + self.number
        return None

    @property
    def from_end(self):
        """The page's place counted from the end (1: the last page) when only that is known."""
        return -self.number if self.number < 0 and self.shown_number is None else None

    def _url(self, **changes):
        query = self.params.copy() if hasattr(self.params, "copy") else dict(self.params)
        for name in ("page", "after", "before"):
            query.pop(name, None)
        for name, value in changes.items():
            query[name] = str(value)
        return "?" + (query.urlencode() if hasattr(query, "urlencode") else urlencode(query))

    def _neighbour(self, step):
        """The number of the page `step` (±1) away, keeping the sign's meaning."""
        number = self.shown_number
        if number is not None:
            return number + step
        return self.number + step  # counted from the end: -2 → -1 going forward

    @property
    def first_url(self):
        return self._url() if self._has_previous else None

    @property
    def previous_url(self):
        if not self._has_previous:
            return None
        number = self._neighbour(-1)
        if 0 < number <= self.paginator.last_numbered:
            return self._url(page=number) if number > 1 else self._url()
        values = self.paginator.key.values(self.object_list[0])
        return self._url(before=self.paginator.key.encode(number, values))

    @property
    def next_url(self):
        if not self._has_next:
            return None
        number = self._neighbour(1)
        if 0 < number <= self.paginator.last_numbered:
            return self._url(page=number)
        values = self.paginator.key.values(self.object_list[-1])
        return self._url(after=self.paginator.key.encode(number, values))

    @property
    def last_url(self):
        if not self._has_next:
            return None
        pages = self.paginator.num_pages
        if pages is not None and pages <= self.paginator.last_numbered:
            return self._url(page=pages)
        return self._url(before=END)
