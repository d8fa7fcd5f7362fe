"""Lists page by a cursor (DRF's CursorPagination): a page's rows are a range of the list's index
whatever its depth, and a row added meanwhile never shifts a page. Each list names its ordering,
which must end in a unique field."""
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"
