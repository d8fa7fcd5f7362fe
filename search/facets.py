"""Facet values as a reader sees them, and the values the sources put on documents.

Values are codes (an item's code, a region's code at every level, a Job.Status value, a price
band); their labels come from tables kept per process (core.changes.Memo: the catalogue and the
regions, built again when the catalogue or a region changes), so labelling a page of facet
counts runs no query per value.
"""
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bidding.models import Job
from core.changes import Memo
from core.text import label as choice_label
from marketplace.models import ServiceCategory, ServiceItem
from providers.models import Region, Standing

from .documents import FACETS, KINDS

# Price bands in yuan: (code, lower bound inclusive, upper bound exclusive or None).
PRICE_BANDS = (
    ("lt50k", 0, 50_000),
    ("50k-200k", 50_000, 200_000),
    ("200k-1m", 200_000, 1_000_000),
    ("1m-5m", 1_000_000, 5_000_000),
    ("5mup", 5_000_000, None),
)
PRICE_LABELS = {
    "lt50k": gettext_lazy("5 万元以下"),
    "50k-200k": gettext_lazy("5 万至 20 万元"),
    "200k-1m": gettext_lazy("20 万至 100 万元"),
    "1m-5m": gettext_lazy("100 万至 500 万元"),
    "5mup": gettext_lazy("500 万元以上"),
}
# Average review scores (1–5): an agency is in every band its average reaches.
RATING_BANDS = (4, 3, 2)

# An agency's public standing as a facet value; "normal" when nothing is in force.
NORMAL = "normal"
STANDING_VALUES = {
    Standing.ACTIVE: NORMAL, Standing.WATCH: "watch", Standing.SUSPENDED: "suspended",
    Standing.BLACKLISTED: "blacklisted",
}
STANDING_LABELS = {NORMAL: Standing.ACTIVE.label, "watch": Standing.WATCH.label,
                   "suspended": Standing.SUSPENDED.label, "blacklisted": Standing.BLACKLISTED.label}


def _catalogue():
    """{"item": {code: name}, "category": {code: name}, "category_of": {category id: code}};
    withdrawn items too (an agency may still list one; its label must not be a bare code)."""
    categories = list(ServiceCategory.objects.values_list("pk", "code", "name"))
    return {
        "item": dict(ServiceItem.objects.values_list("code", "name")),
        "category": {code: name for _pk, code, name in categories},
        "category_of": {pk: (code, name) for pk, code, name in categories},
    }


def _regions():
    """{code: (name, parent code or None, level)} of every division (a few thousand rows)."""
    return {code: (name, parent, level)
            for code, name, parent, level in Region.objects.values_list("code", "name", "parent_id", "level")}


# Region and department changes announce "catalogue" too (providers/topics.py).
CATALOGUE = Memo(["catalogue"], _catalogue)
REGIONS = Memo(["catalogue"], _regions)


def category_of(category_id):
    """(code, name) of a category by its id, from the table kept per process."""
    return CATALOGUE.get()["category_of"].get(category_id, ("", ""))


def region_levels(code):
    """The region `code` and the divisions above it, province first: [(code, name), …]."""
    regions = REGIONS.get()
    chain = []
    while code and code in regions and len(chain) < 4:
        name, parent, _level = regions[code]
        chain.append((code, name))
        code = parent
    return chain[::-1]


def price_band(price):
    """The band code of a price in yuan, or None without a price."""
    if price is None:
        return None
    price = Decimal(price)
    for code, low, high in PRICE_BANDS:
        if price >= low and (high is None or price < high):
            return code
    return None


def rating_bands(average):
    """Every band ("4up", "3up", "2up") an average review score reaches; none without one."""
    if average is None:
        return []
    return [f"{band}up" for band in RATING_BANDS if Decimal(average) >= band]


def standing_value(standing):
    return STANDING_VALUES.get(standing, NORMAL)


def facet_label(name):
    return str(FACETS.get(name, name))


def label(facet, value):
    """The reader's label of one facet value (the value itself when unknown)."""
    value = str(value)
    if facet == "kind":
        return str(KINDS.get(value, value))
    if facet in ("item", "category"):
        return CATALOGUE.get()[facet].get(value, value)
    if facet == "region":
        entry = REGIONS.get().get(value)
        return entry[0] if entry else value
    if facet == "grade":
        return _("%(grade)s级") % {"grade": value}
    if facet == "rating":
        return _("%(score)s 分以上") % {"score": value.removesuffix("up")}
    if facet == "price":
        return str(PRICE_LABELS.get(value, value))
    if facet == "status":
        return choice_label(Job.Status, value)
    if facet == "method":
        return choice_label(Job.Method, value)
    if facet == "standing":
        return str(STANDING_LABELS.get(value, value))
    return value


def visible_values(name, counts, selected=None):
    """The values of facet `name` worth showing, with their counts. Regions: the divisions one
    level below the selected one (the provinces when none is selected), and the selected one
    itself so it can be cleared; every other facet: all its values."""
    if name != "region":
        return dict(counts)
    regions = REGIONS.get()
    if selected:
        wanted = {code for code in counts if code == selected or regions.get(code, (None, None, None))[1] == selected}
    else:
        wanted = {code for code in counts if regions.get(code, (None, None, None))[2] == Region.Level.PROVINCE}
    return {code: count for code, count in counts.items() if code in wanted}
