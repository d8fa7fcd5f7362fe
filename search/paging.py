"""A page of search hits that looks, to a template, like a page of a public list
(core.pagination.ListPage): `object_list`, `paginator.count`, `paginator.count_is_exact`,
`paginator.total.shown`, `shown_number`, `first_url` … `last_url`. The lists of cms
(directory, catalogue, notices) then show a keyword's hits with the templates and the
pagination links they already have, and the results page numbers its pages the same way.

The page number is read from the query string by `page_number`: anything that is not a whole
number from 1 gives page 1 with a note; a page past the end is answered by the views with the
last page (`run_search`)."""
from collections.abc import Sequence
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from core.pagination import Count

from . import api
from .query import MAX_PAGE


def page_number(raw):
    """(page, note): the page asked for, or 1 and a note when `raw` is not a page number."""
    if raw in (None, ""):
        return 1, None
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:
        return 1, _("页码无效，已显示第 1 页。")
    number = int(text)
    if number > MAX_PAGE:
        return MAX_PAGE, _("最多可翻到第 %(max)d 页，请缩小搜索范围。") % {"max": MAX_PAGE}
    return number, None


def run_search(query, notes):
    """search.api.search; a page past the end answers the last page, with a note in `notes`."""
    results = api.search(query)
    if not results.hits and query.page > 1 and results.total:
        last = min(results.pages, MAX_PAGE)
        notes.append(_("没有第 %(page)d 页，已显示最后一页（第 %(last)d 页）。") % {"page": query.page, "last": last})
        results = api.search(query.with_page(last))
    elif results.message:
        notes.append(results.message)
    return results


class HitsPaginator:
    def __init__(self, total, per_page, exact=True):
        self.total = Count(total, exact)
        self.count = total
        self.count_is_exact = exact
        self.per_page = per_page
        self.num_pages = max(1, -(-total // per_page))
        self.last_numbered = min(self.num_pages, MAX_PAGE)


class HitsPage(Sequence):
    """One page of hits (or of the rows loaded for them) numbered `number` of `total` results."""

    def __init__(self, rows, *, number, total, per_page, params, exact=True):
        self.object_list = list(rows)
        self.number = number
        self.paginator = HitsPaginator(total, per_page, exact)
        self.params = params
        self.shown_number = number
        self.from_end = None

    def __len__(self):
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.paginator.last_numbered

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    def url(self, number):
        """The query string of page `number`, keeping every other parameter."""
        query = self.params.copy() if hasattr(self.params, "copy") else dict(self.params)
        for name in ("page", "after", "before"):
            query.pop(name, None)
        if number > 1:
            query["page"] = str(number)
        return "?" + (query.urlencode() if hasattr(query, "urlencode") else urlencode(query))

    @property
    def first_url(self):
        return self.url(1) if self.has_previous() else None

    @property
    def previous_url(self):
        return self.url(self.number - 1) if self.has_previous() else None

    @property
    def next_url(self):
        return self.url(self.number + 1) if self.has_next() else None

    @property
    def last_url(self):
        return self.url(self.paginator.last_numbered) if self.has_next() else None

    def nearby(self, width=3):
        """The numbered links around this page: [(number, url, is_current)]."""
        low = max(1, self.number - width)
        high = min(self.paginator.last_numbered, self.number + width)
        return [(n, self.url(n), n == self.number) for n in range(low, high + 1)]
