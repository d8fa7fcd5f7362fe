"""Agencies, as the public directory lists them (marketplace.selectors.directory): every
agency, a blacklisted or suspended one included — it stays findable and shows its standing, as
on its public page (providers.standing_rules.public_standing). Grades, scores and review
averages count only for agencies the credit rules have rated (has_credit_record)."""
from django.utils import timezone
from django.utils.translation import gettext as _

from core.navigation import page_url
from marketplace.selectors.directory import LIST_FIELDS, agency_directory
from providers.standing_rules import public_standing

from .. import facets
from ..documents import AGENCY, Document
from .batches import batches, joined
from .languages import in_each_language

# Beyond what a directory row reads: the review average, for the rating bands of rated agencies.
FIELDS = (*LIST_FIELDS, "rating_average", "rating_count")
# A summary names this many items offered, then how many more.
SUMMARY_ITEMS = 8


def _rows():
    return agency_directory().only(*FIELDS)


def count():
    return _rows().count()


def documents(refs=None):
    now = timezone.now()
    for rows in batches(_rows(), refs):
        for agency in rows:
            yield document(agency, now)


def _offers(agency):
    """[(item code, item name, category code, category name)] of the items the agency offers."""
    offers = []
    for offer in agency.services.all():
        category_code, category_name = facets.category_of(offer.item.category_id)
        offers.append((offer.item.code, offer.item.name, category_code, category_name))
    return offers


def _items_line(offers):
    names = [name for _code, name, _category, _label in offers]
    if not names:
        return ""
    shown = _("、").join(names[:SUMMARY_ITEMS])
    if len(names) > SUMMARY_ITEMS:
        shown = _("%(items)s 等 %(count)d 项") % {"items": shown, "count": len(names)}
    return _("承接事项：%(items)s") % {"items": shown}


def _summary(agency, grade, standing, offers):
    """The summary line in the active language."""
    grade_line = _("信用等级 %(grade)s") % {"grade": facets.label("grade", grade)} if grade else _("暂无足够评价")
    return joined([agency.region.full_name, grade_line, standing.label if standing else "", _items_line(offers)])


def document(agency, now):
    offers = _offers(agency)
    regions = facets.region_levels(agency.region_id)
    standing = public_standing(agency, now)
    standing_code = facets.standing_value(standing.code if standing else None)
    rated = agency.has_credit_record
    grade = agency.credit_grade if rated and agency.credit_grade else ""
    facet_values = {
        "item": sorted({code for code, *_rest in offers}),
        "category": sorted({category for _code, _name, category, _label in offers if category}),
        "region": [code for code, _name in regions],
        "standing": [standing_code],
    }
    if grade:
        facet_values["grade"] = [grade]
    if rated and agency.rating_count:
        facet_values["rating"] = facets.rating_bands(agency.rating_average)
    badges = {}
    if standing is not None:
        badges.update(standing=standing_code, standing_label=str(standing.label))
    if grade:
        badges["grade"] = grade
    summary, summaries = in_each_language(lambda: _summary(agency, grade, standing, offers))
    return Document(
        kind=AGENCY,
        ref=agency.pk,
        url=page_url("agency_profile", agency.uscc),
        title=agency.name,
        summary=summary,
        summaries=summaries,
        body=" ".join(_unique([label for *_rest, label in offers])),  # categories: a weak hint
        keywords=_unique([name for _code, name, _c, _l in offers] + [name for _code, name in regions]),
        codes=[agency.uscc],
        names=[agency.name],
        facets={name: values for name, values in facet_values.items() if values},
        rank=float(agency.credit_score) if rated else 0.0,
        badges=badges,
    )


def _unique(words):
    return list(dict.fromkeys(word for word in words if word))
