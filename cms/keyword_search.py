"""A keyword typed into a public list (directory, notices, catalogue) is answered by search.api,
so the words people use find what they mean: 环评 finds the EIA items, the agencies that offer
them and the jobs for them; 环境影响 finds agencies whose names do not hold it.

The search gives the page of hits (ids in relevance order, the total, facet counts); the rows
are then read by the page's own selector filtered by those ids (one query, plus the selector's
prefetches), so a row shows exactly what the list shows without a keyword, and only what that
public selector returns (a row the index still holds but that is no longer public is left out).
The number of queries does not grow with the data or the page.
"""
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from core.pagination import ListPaginator
from search import text
from search.forms import QUERY_LIMIT
from search.paging import HitsPage, page_number, run_search
from search.query import MAX_PAGE_SIZE, SearchQuery

from . import caching


class KeywordSearch:
    """What a list page's keyword search found: `page` (its rows, for the list's template),
    `results` (search.results.Results: facets, "understood as", "did you mean"), `notes`."""

    def __init__(self, page, results, notes):
        self.page, self.results, self.notes = page, results, notes

    def facet_counts(self, name):
        """{value: count} of one facet of the results (the filter dropdowns' counts)."""
        for facet in self.results.facets:
            if facet.name == name:
                return {value.value: value.count for value in facet.values}
        return {}


def _query(keyword, kind, filters, facets, page, page_size):
    return SearchQuery(
        text=text.normalise(keyword[:QUERY_LIMIT]), kinds=(kind,),
        filters={name: value for name, value in filters.items() if value},
        page=page, page_size=page_size, facets=facets,
    )


def _in_order(rows, ids):
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def search_page(request, keyword, *, kind, filters, facets, rows, per_page):
    """A page of `rows` (the list's selector, unfiltered) for the hits of `keyword` among
    `kind`, the other filters as facet filters {facet: value}."""
    number, note = page_number(request.GET.get("page"))
    notes = [note] if note else []
    results = run_search(_query(keyword, kind, filters, facets, number, per_page), notes)
    ids = [hit.ref for hit in results.hits]
    page = HitsPage(_in_order(rows.filter(pk__in=ids), ids), number=results.query.page,
                    total=results.total, per_page=per_page, params=request.GET, exact=results.exact)
    caching.keyword_search(request)
    return KeywordSearch(page, results, notes)


def best_matches(request, keyword, *, kind, filters, facets, rows, per_page):
    """For a short list (the catalogue) whose other filters are not facets: the best
    MAX_PAGE_SIZE hits, `rows` narrowed to them in relevance order, paged as the list is
    (core.pagination.ListPaginator), so filters on the rows themselves still apply."""
    notes = []
    results = run_search(_query(keyword, kind, filters, facets, 1, MAX_PAGE_SIZE), notes)
    ids = [hit.ref for hit in results.hits]
    if results.total > len(ids):
        notes.append(_("找到 %(total)s 个结果，只列出最相关的 %(shown)d 个；请输入更具体的关键词。")
                     % {"total": results.count, "shown": len(ids)})
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), default=Value(len(ids)),
                 output_field=IntegerField()) if ids else Value(0, output_field=IntegerField())
    ranked = rows.filter(pk__in=ids).annotate(search_order=order).order_by("search_order", "pk")
    caching.keyword_search(request)
    return KeywordSearch(ListPaginator(ranked, per_page).get_page(request.GET), results, notes)
