"""What the search indexes: one `Document` per public object, whatever the backend.

A document is built from the public selectors (search/sources/), never from raw rows, so
nothing that is not public (drafts, sealed bids, a complaint's identity) can enter an index.
Both backends store exactly these fields; the pages render hits from them (or look the rows up
by `ref` through the same selectors their lists use).
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The kinds of things one can find, in the order the all-kinds results page lists them.
AGENCY, JOB, ITEM, NOTICE, POLICY = "agency", "job", "item", "notice", "policy"
KINDS = {
    AGENCY: pgettext_lazy("search kind", "中介机构"),
    JOB: pgettext_lazy("search kind", "采购项目"),
    ITEM: pgettext_lazy("search kind", "服务事项"),
    NOTICE: pgettext_lazy("search kind", "公告公示"),
    POLICY: pgettext_lazy("search kind", "政策指南"),
}

# Facets: name -> label. Which kinds carry which facet is decided by the sources; a filter on a
# facet a kind does not carry excludes that kind (the results page then shows only kinds that
# have it). Region values are region codes of every level the object is in (province,
# prefecture, county), so a filter by any level is one equality.
FACETS = {
    "kind": _("类别"),
    "item": _("服务事项"),
    "category": _("服务类别"),
    "region": _("地区"),
    "grade": _("信用等级"),
    "rating": _("评价"),
    "price": _("价格区间"),
    "status": _("项目状态"),
    "method": _("选取方式"),
    "standing": _("经营状态"),
}


@dataclass
class Document:
    kind: str
    ref: int                     # the object's primary key within its kind
    url: str                     # its public page
    title: str                   # shown as the hit's link, searched with the highest weight
    summary: str = ""            # shown under the title, searched
    body: str = ""               # searched, never shown (a policy page's text, an item's basis)
    keywords: list[str] = field(default_factory=list)   # searched with the title's weight:
    # names the object is found by but does not carry in its title (items an agency offers,
    # region names, category names)
    codes: list[str] = field(default_factory=list)      # exact lookups: USCC, item code, project code
    names: list[str] = field(default_factory=list)      # what pinyin is made for (agency and item names)
    facets: dict[str, list[str]] = field(default_factory=dict)
    date: datetime.datetime | None = None   # the date filter and the "newest" sort
    price: Decimal | None = None            # the price band filter and the price sort
    rank: float = 0.0                        # a static quality for ties and the "best" sort
    # (an agency's credit score, 0 unrated; a job 0)
    badges: dict[str, str] = field(default_factory=dict)  # shown beside the hit: e.g.
    # {"standing": "blacklisted", "standing_label": "列入黑名单", "grade": "A"}
    # The title and summary are written in the site's language (settings.LANGUAGE_CODE) and
    # searched in it. Where their labels read otherwise in another language of the site, these
    # hold that language's text, {"en": "…"}: shown to its readers, never searched.
    titles: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)

    @property
    def key(self):
        return f"{self.kind}:{self.ref}"

    def shown(self, language):
        """(title, summary) as a reader of `language` sees them: that language's text, its base
        language's ("en" for "en-gb"), else the site language's."""
        return in_language(self.titles, self.title, language), in_language(self.summaries, self.summary, language)


def in_language(texts, own, language):
    language = (language or "").lower()
    return texts.get(language) or texts.get(language.split("-")[0]) or own
