"""The search form: a plain GET form (the results page works without JavaScript) turned into a
checked `SearchQuery`.

Nothing a visitor types is refused with an error page: a value that is not usable (a date that
is not a date, a facet value of the wrong shape, a price that is not a number) is left out of
the query and named in a note in plain Chinese; the query text is normalised (search.text) and
cut short with a note when it is too long. Query syntax means nothing here: `" OR 1=1 --`,
`*:*` and `field:(` are only characters to search for.
"""
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bidding.models import Job

from . import text
from .documents import FACETS, KINDS
from .paging import page_number
from .query import PAGE_SIZE, SORTS, SearchQuery

# What one may type; longer text is cut (search.text.normalise keeps this many characters).
QUERY_LIMIT = text.MAX_QUERY
# A code-shaped facet value: item and category codes, region codes, price bands.
CODE = re.compile(r"^[0-9A-Za-z_.-]{1,40}$")
STANDINGS = ("blacklisted", "suspended", "watch", "normal", "active")
RATING = re.compile(r"^[1-5]up$")
# Filters each kind's page counts (the facets that kind carries); "" is every kind.
FACETS_BY_KIND = {
    "": ("kind", "category", "region", "item", "grade", "status", "price"),
    "agency": ("kind", "item", "category", "region", "grade", "rating", "standing"),
    "job": ("kind", "item", "category", "region", "status", "method", "price"),
    "item": ("kind", "category", "price"),
    "notice": ("kind", "item", "category", "region"),
    "policy": ("kind",),
}
FILTERS = tuple(name for name in FACETS if name != "kind")
MAX_YUAN = 10**12

SORT_LABELS = {
    "relevance": gettext_lazy("相关度"),
    "newest": gettext_lazy("最新发布"),
    "oldest": gettext_lazy("最早发布"),
    "credit": gettext_lazy("信用分从高到低"),
    "price_low": gettext_lazy("价格从低到高"),
    "price_high": gettext_lazy("价格从高到低"),
}


def _valid_value(facet, value):
    """Whether `value` could be a value of `facet` (unknown values of the right shape simply
    find nothing)."""
    if facet == "grade":
        return value in ("A", "B", "C", "D")
    if facet == "rating":
        return bool(RATING.match(value))
    if facet == "status":
        return value in Job.Status.values and value != Job.Status.DRAFT
    if facet == "method":
        return value in Job.Method.values
    if facet == "standing":
        return value in STANDINGS
    return bool(CODE.match(value))


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("搜索"), required=False, strip=False)
    kind = forms.CharField(required=False)
    date_from = forms.DateField(label=gettext_lazy("发布日期从"), required=False)
    date_to = forms.DateField(label=gettext_lazy("至"), required=False)
    price_min = forms.IntegerField(label=gettext_lazy("价格（元）从"), required=False, min_value=0, max_value=MAX_YUAN)
    price_max = forms.IntegerField(label=gettext_lazy("至"), required=False, min_value=0, max_value=MAX_YUAN)
    sort = forms.CharField(required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        # A NUL among the characters is dropped by normalise, not refused as Django would.
        self.fields["q"].validators = []
        self.notes = []

    # --- reading the parameters ------------------------------------------------------------

    def raw_text(self):
        value = self.data.get("q") or ""
        return value if isinstance(value, str) else ""

    def query_text(self):
        raw = self.raw_text()
        if len(raw) > QUERY_LIMIT:
            self.notes.append(_("搜索词过长，只按前 %(n)d 个字搜索。") % {"n": QUERY_LIMIT})
        # Cut before normalising, so a 10,000-character query costs what a short one does.
        return text.normalise(raw[: QUERY_LIMIT * 2])

    def chosen_kind(self):
        kind = self.data.get("kind") or ""
        if kind and kind not in KINDS:
            self.notes.append(_("没有这一类别，已显示全部类别的结果。"))
            return ""
        return kind

    def chosen_filters(self):
        chosen = {}
        for facet in FILTERS:
            value = (self.data.get(facet) or "").strip()
            if not value:
                continue
            if _valid_value(facet, value):
                chosen[facet] = value
            else:
                self.notes.append(_("筛选条件“%(facet)s”的值无效，已忽略。") % {"facet": FACETS[facet]})
        return chosen

    def chosen_sort(self):
        sort = self.data.get("sort") or "relevance"
        if sort not in SORTS:
            self.notes.append(_("没有这种排序方式，已按相关度排序。"))
            return "relevance"
        return sort

    def ranges(self):
        """The date and price ranges that are valid; the others are named in a note."""
        self.is_valid()
        data = self.cleaned_data
        if any(name in self.errors for name in ("date_from", "date_to")):
            self.notes.append(_("日期格式无效（应为 2025-01-31 这样的日期），已忽略。"))
        if any(name in self.errors for name in ("price_min", "price_max")):
            self.notes.append(_("价格应为不小于 0 的整数（元），无效的价格已忽略。"))
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.notes.append(_("开始日期晚于结束日期，已对调。"))
            date_from, date_to = date_to, date_from
        price_min, price_max = data.get("price_min"), data.get("price_max")
        if price_min is not None and price_max is not None and price_min > price_max:
            self.notes.append(_("最低价格高于最高价格，已对调。"))
            price_min, price_max = price_max, price_min
        return {"date_from": date_from, "date_to": date_to, "price_min": price_min, "price_max": price_max}

    def search_query(self, *, kinds=None, facets=None, page_size=PAGE_SIZE):
        """The checked query; `self.notes` then holds what was left out or changed."""
        self.notes = []
        kind = self.chosen_kind()
        page, note = page_number(self.data.get("page"))
        if note:
            self.notes.append(note)
        typed = self.query_text()
        if not typed:
            self.notes.append(_("请输入要搜索的内容（服务事项、简称、机构名称或代码）；下面列出全部公开信息。"))
        return SearchQuery(
            text=typed,
            kinds=kinds if kinds is not None else ((kind,) if kind else ()),
            filters=self.chosen_filters(),
            sort=self.chosen_sort(),
            page=page,
            page_size=page_size,
            facets=facets if facets is not None else FACETS_BY_KIND[kind],
            # "search for what I typed after all" (the link under corrected results)
            autocorrect=self.data.get("as_typed") != "1",
            **self.ranges(),
        )
