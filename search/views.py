"""The search pages: /search/ (one box, kind tabs, facets, sorting, pages of highlighted hits)
and /search/suggest/ (completions as one types: JSON for the script, a plain page of links
without it). Both are plain GETs; everything is read through search.api and search.exact."""
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core.pagecache import depends_on
from core.pagination import Count
from providers.models import Standing

from . import api, exact
from .documents import KINDS
from .forms import SORT_LABELS, SearchForm
from .paging import HitsPage, run_search

# What a results page shows comes from every public list, the synonym table (how a query is
# understood) and the index itself ("search": announced when an index update is written).
TOPICS = ("agencies", "offers", "jobs", "catalogue", "cms", "synonyms", "search")
SUGGEST_LIMIT = 8
SUGGEST_PREFIX_LIMIT = 50


def results(request):
    form = SearchForm(request.GET)
    typed = form.raw_text().strip()
    target = exact.lookup(typed, request.user) if typed else None
    if target:
        return redirect(target)
    query = form.search_query()
    notes = list(form.notes)
    found = run_search(query, notes)
    page = HitsPage(_labelled(found.hits), number=found.query.page, total=found.total,
                    per_page=query.page_size, params=request.GET, exact=found.exact)
    depends_on(request, *TOPICS)
    return render(request, "search/results.html", {
        "form": form, "query": found.query, "results": found, "page": page, "notes": notes,
        "typed": form.raw_text(), "kind": query.kinds[0] if query.kinds else "",
        "tabs": kind_tabs(found, request.GET, query), "facets": facet_panels(found, request.GET),
        "sorts": [(value, label) for value, label in SORT_LABELS.items()],
        "suggestion_url": _with(request.GET, q=found.suggestion) if found.suggestion else None,
        "as_typed_url": _with(request.GET, as_typed="1") if found.corrected_from else None,
        "kinds": KINDS,
    })


def _labelled(hits):
    """Each hit with its kind's label and, for an agency not in normal standing, the standing's
    label in the reader's language (the index keeps the code)."""
    for hit in hits:
        hit.kind_label = KINDS.get(hit.kind, "")
        standing = (hit.badges or {}).get("standing")
        shown = standing in Standing.values and standing != Standing.ACTIVE
        hit.standing_label = Standing(standing).label if shown else ""
    return hits


def _with(params, **changes):
    """The query string of `params` with `changes` (None removes a name) and no page."""
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = value
    return "?" + query.urlencode()


def kind_tabs(found, params, query):
    """[(label, count, url, current)]: every kind, then each kind the query finds."""
    counts, exact = {}, found.exact
    for facet in found.facets:
        if facet.name == "kind":
            counts = {value.value: value.count for value in facet.values}
            exact = all(value.exact for value in facet.values)
    chosen = query.kinds[0] if query.kinds else ""
    everything = sum(counts.values()) if counts else found.total
    tabs = [(_("全部"), Count(everything, exact), _with(params, kind=None), not chosen)]
    for kind, label in KINDS.items():
        count = counts.get(kind, 0)
        if count or kind == chosen:
            tabs.append((label, Count(count, exact), _with(params, kind=kind), kind == chosen))
    return tabs


def facet_panels(found, params):
    """The facets to show (not "kind", which the tabs show), each value with the link that
    chooses it (or, chosen, the link that removes it); the query and other filters kept."""
    panels = []
    for facet in found.facets:
        if facet.name == "kind" or not facet.values:
            continue
        for value in facet.values:
            value.url = _with(params, **{facet.name: None if value.selected else value.value})
        panels.append(facet)
    return panels


def suggest(request):
    """Completions for `q`: JSON (Accept: application/json, or ?format=json) for the script,
    otherwise a plain page of links. Not kept in the page cache: one URL answers both ways."""
    typed = request.GET.get("q") or ""
    typed = typed[:SUGGEST_PREFIX_LIMIT] if isinstance(typed, str) else ""
    found = api.suggest(typed, limit=SUGGEST_LIMIT) if typed.strip() else []
    rows = [{"title": title, "kind": kind, "kind_label": str(KINDS.get(kind, _("搜索词"))), "url": url}
            for title, kind, url in found]
    if request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"query": typed, "suggestions": rows}, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "search/suggest.html", {"typed": typed, "rows": rows})
    patch_vary_headers(response, ["Accept"])
    return response
