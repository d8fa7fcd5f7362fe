"""Lists page by a cursor over the list's own order (keyset pagination, core.pagination.SortKey —
the same keys the public lists' deep pages use): `?cursor=` reads the rows after the last one
shown with a WHERE on the sort key that the list's index serves, however deep; a row added
meanwhile never shifts a page. A cursor that is not one of ours reads the first page, as on the
site. The list's queryset must be ordered as core.pagination asks (fields or annotations, one
direction, ending in a unique one)."""
from collections import OrderedDict

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.pagination import SortKey

DEFAULT_SIZE, MAX_SIZE = 50, 200


class Keyset(BasePagination):
    cursor_query_param = "cursor"
    size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        key = SortKey(queryset)
        size = self._size(request)
        found = key.decode(request.query_params.get(self.cursor_query_param))
        rows = key.ordered(key.beyond(queryset, found[1]) if found else queryset)
        page = list(rows[: size + 1])
        self.next_cursor = key.encode(1, key.values(page[size - 1])) if len(page) > size else None
        return page[:size]

    def _size(self, request):
        try:
            return max(1, min(int(request.query_params.get(self.size_query_param, DEFAULT_SIZE)), MAX_SIZE))
        except (TypeError, ValueError):
            return DEFAULT_SIZE

    def get_next_link(self):
        if self.next_cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data):
        return Response(OrderedDict([("next", self.get_next_link()), ("results", data)]))

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri",
                         "description": str(_("下一页的地址；没有下一页时为 null"))},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": str(_("上一页答复中 next 地址所带的游标")), "schema": {"type": "string"}},
            {"name": self.size_query_param, "required": False, "in": "query",
             "description": str(_("每页条数，1～200，默认 50")), "schema": {"type": "integer"}},
        ]
