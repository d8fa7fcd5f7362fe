"""Permission tables: one line a (page, method, state) with the status code each role gets.

    TABLE = [("job_detail", "GET", "published", 200, 200, 404), ...]

    @pytest.mark.parametrize("page, method, role, state, expected", cases(TABLE, ROLES))
    def test_permission_table(...): ...

    def test_every_listed_action_is_a_line_of_the_table():
        assert_lines_of(ACTS, TABLE)
"""
import pytest


def cases(table, roles):
    """A case for each role of each line: (page, method, role, state, expected), named after them."""
    return [
        pytest.param(page, method, role, state, code, id=f"{page}-{method}-{role}-{state}-{code}")
        for page, method, state, *codes in table
        for role, code in zip(roles, codes, strict=True)
    ]


def assert_lines_of(listed, table):
    """Every (page, method, state, role) listed (the actions that may change something, the known
    bugs) is a line of the table: a listed action is tested, not forgotten."""
    lines = {(page, method, state) for page, method, state, *_codes in table}
    assert {(page, method, state) for page, method, state, _role in listed} <= lines
