"""The public statistics, read by anyone: the headline figures of the last twelve months and each
figure's table (oversight.figures.public_summary, as /statistics/ shows them)."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.figures import public_summary


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value   # amounts and rates exact, as text


@extend_schema(tags=["statistics"], summary=_("统计数据"), responses=OpenApiTypes.OBJECT)
class Statistics(APIView):
    """{"period": {"start", "end"}, "refreshed_at", "headlines": [{key, label, value, note}],
    "figures": [{key, title, columns: [{label, kind}], rows: [[…]]}]} — a row's first value is its
    header; amounts in yuan and rates in percent as decimal strings; null where there is nothing to
    divide by."""

    permission_classes = [AllowAny]

    def get(self, request):
        summary = public_summary()
        return Response({
            "period": {"start": summary["period"]["start"], "end": summary["period"]["end"]},
            "refreshed_at": summary["refreshed_at"],
            "headlines": [{"key": h.key, "label": str(h.label), "value": str(h.value), "note": str(h.note)}
                          for h in summary["headlines"]],
            "figures": [{
                "key": figure.key, "title": str(figure.title),
                "columns": [{"label": str(column.label), "kind": column.kind} for column in figure.table.columns],
                "rows": [[_plain(value) for value in row] for row in figure.table.rows],
            } for figure in summary["figures"]],
        })
