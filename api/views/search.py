"""Search, for anyone: the one search interface (search.api.search) with the parameters of the
site's results page (search.forms.SearchForm: q, kind, the facets, dates, prices, sort, page), so
the API finds what the site finds. What the form left out or changed is named in `notes`, never a
400: a search always answers."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search.api import search
from search.documents import FACETS, KINDS
from search.forms import SearchForm


def _hit(request, hit):
    return {"kind": hit.kind, "id": hit.ref, "url": request.build_absolute_uri(hit.url), "title": hit.title,
            "summary": hit.summary, "date": hit.date, "price": str(hit.price) if hit.price is not None else None,
            "badges": hit.badges}


def _facet(facet):
    return {"name": facet.name, "label": str(facet.label),
            "values": [{"value": v.value, "label": str(v.label), "count": v.count, "exact": v.exact}
                       for v in facet.values]}


@extend_schema(
    tags=["search"], summary=_("搜索"), responses=OpenApiTypes.OBJECT,
    parameters=[
        OpenApiParameter("q", str, description=_("搜索词：服务事项、简称、机构名称或代码，可用拼音")),
        OpenApiParameter("kind", str, enum=list(KINDS), description=_("只搜一类")),
        *[OpenApiParameter(name, str, description=str(label)) for name, label in FACETS.items() if name != "kind"],
        OpenApiParameter("sort", str), OpenApiParameter("page", int),
    ],
)
class Search(APIView):
    """{"total", "exact", "page", "pages", "hits": [{kind, id, url, title, summary, date, price,
    badges}], "facets": [{name, label, values: [{value, label, count, exact}]}], "suggestion",
    "corrected_from", "understood": [[word, [synonyms]]], "notes": [...]}"""

    permission_classes = [AllowAny]

    def get(self, request):
        form = SearchForm(request.query_params)
        query = form.search_query()
        results = search(query)
        notes = [str(note) for note in form.notes] + ([str(results.message)] if results.message else [])
        return Response({
            "total": results.total, "exact": results.exact, "page": query.page, "pages": results.pages,
            "hits": [_hit(request, hit) for hit in results.hits],
            "facets": [_facet(facet) for facet in results.facets],
            "suggestion": results.suggestion, "corrected_from": results.corrected_from,
            "understood": results.understood, "notes": notes,
        })
