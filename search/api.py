"""The one search interface: every page and the API call these.

    results = search.api.search(SearchQuery(text="环评", kinds=("agency",), facets=("region",)))

The query's words are understood once (search.text with the current lexicon: catalogue terms,
the synonym table, pinyin), run by the configured backend, and the answer dressed the same way
whatever the backend: highlighted hits, labelled facets, "did you mean".
"""
import logging
from dataclasses import replace

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import facets as facet_labels
from . import highlight, lexicon, spelling, text
from .backends import get_backend
from .query import SearchQuery
from .results import Facet, FacetValue, Hit, Results

logger = logging.getLogger(__name__)

# A query answered with at most this many hits gets a "did you mean" when one is found.
FEW_HITS = 3


def search(query: SearchQuery, *, backend=None) -> Results:
    words = lexicon.current()
    compiled = text.compile_query(query.text, words)
    engine = get_backend(backend)
    try:
        raw = engine.search(query, compiled)
    except engine.Unavailable:
        # An engine that cannot answer (a cluster down) is the site's problem, not the user's:
        # an empty page saying so, never an exception.
        logger.exception("search backend %s failed for %r", engine.name, query.text)
        return Results(query=query, hits=[], total=0, message=_("搜索服务暂时不可用，请稍后再试。"))
    hits = [_hit(document, score, compiled, query) for document, score in zip(raw.documents, raw.scores)]
    results = Results(
        query=query, hits=hits, total=raw.total, exact=raw.exact,
        facets=_facets(query, raw.facet_counts, raw.estimated),
        understood=[(c.word, list(c.synonyms)) for c in compiled.clauses if c.synonyms],
    )
    if query.text and raw.total <= FEW_HITS:
        results.suggestion = spelling.did_you_mean(query.text, words)
    if not raw.total and results.suggestion and query.autocorrect:
        # Nothing found but a near-miss has an answer: show its results, as search engines do,
        # with a link to search for what was typed after all.
        corrected = search(replace(query, text=results.suggestion, autocorrect=False), backend=backend)
        corrected.corrected_from = query.text
        return corrected
    if not hits and query.page > 1 and raw.total:
        results.message = _("没有第 %(page)d 页，共 %(pages)d 页。") % {"page": query.page, "pages": results.pages}
    return results


def suggest(prefix: str, *, limit=8, backend=None):
    """Completions as one types: catalogue terms and synonyms first (from the lexicon), then
    titles the backend finds by prefix; (title, kind, url) each."""
    prefix = text.normalise(prefix)
    if not prefix:
        return []
    found = lexicon.current().completions(prefix, limit)
    engine = get_backend(backend)
    try:
        found += engine.suggest(prefix, limit - len(found)) if len(found) < limit else []
    except engine.Unavailable:
        logger.exception("search backend %s failed to suggest for %r", engine.name, prefix)
    seen, unique = set(), []
    for entry in found:
        if entry[0] not in seen:
            seen.add(entry[0])
            unique.append(entry)
    return unique[:limit]


def _hit(document, score, compiled, query):
    # In the reader's language: the index keeps each language's text (search.documents.Document)
    title, summary = document.shown(get_language())
    title_marks = _marks(title, compiled) if query.highlight else frozenset()
    summary_marks = _marks(summary, compiled) if query.highlight else frozenset()
    return Hit(
        kind=document.kind, ref=document.ref, url=document.url, title=title, summary=summary,
        title_html=highlight.mark(title, title_marks),
        summary_html=highlight.mark(highlight.excerpt(summary, summary_marks), summary_marks),
        score=score, date=document.date, price=document.price, badges=document.badges,
        facets=document.facets,
    )


def _marks(shown, compiled):
    """The tokens to mark in `shown`: those of each way of matching a word that `shown` holds
    whole. 环评's pieces 环境 + 影响 + 评价 are marked only together, so 评价 in 暂无足够评价 is not
    marked as if it were what was searched for."""
    folded = text.fold(shown).replace("-", "")
    return frozenset(
        token
        for clause in compiled.clauses
        for alternative in clause.alternatives
        if all(token in folded for token in alternative)
        for token in alternative
    )


def _facets(query, counts, estimated=frozenset()):
    facets = []
    for name in query.facets:
        selected = query.filters.get(name)
        # e.g. the regions one level below the chosen one, not every level at once
        values = facet_labels.visible_values(name, counts.get(name) or {}, selected)
        rows = [
            FacetValue(value=value, label=facet_labels.label(name, value), count=count, selected=value == selected,
                       exact=name not in estimated)
            for value, count in values.items()
        ]
        rows.sort(key=lambda row: (not row.selected, -row.count, row.label))
        facets.append(Facet(name=name, label=facet_labels.facet_label(name), values=rows))
    return facets
