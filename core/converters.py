"""What a database id looks like, in one place: a whole number from 1 to 2^63 − 1 (the range of
the BigAutoField primary keys, and of SQLite's and PostgreSQL's 64-bit integers).

- In URLs, the path converter "id" (`path("jobs/<id:job_id>/", …)`) matches only such a
  number: "abc", "-1", "0", "007" and 2^63 or more match no route, so they answer 404 before any
  view or query runs. It is registered when core's app config is imported (core/apps.py), before
  any URL module or routable Wagtail page is read.
- In a query string or a posted field (`?org=`, `?bid=`), `parse_id(value)` gives the id or
  None for anything else, so a view never calls int() on what a visitor typed.
"""
import re

from django.urls import register_converter

MAX_ID = 2**63 - 1
_ID = re.compile(r"[1-9][0-9]{0,18}")  # at most 19 digits: 2^63 − 1 has 19


def parse_id(value):
    """`value` (a string, an int or None) as a database id, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


class IdConverter:
    regex = _ID.pattern

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # Django takes it as "this route does not match": a 404
        return number

    def to_url(self, value):
        number = parse_id(value if isinstance(value, int) else str(value))
        if number is None:
            raise ValueError(value)  # reverse() then fails loudly instead of linking to a 404
        return str(number)


register_converter(IdConverter, "id")
