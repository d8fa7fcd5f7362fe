"""Service items, as the public catalogue lists them (marketplace.selectors.catalogue): the
active items only; a withdrawn item leaves the index (its page still shows its history, but
search finds what one may commission today)."""
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.navigation import page_url
from core.text import label
from marketplace.models import ServiceItem
from marketplace.selectors.catalogue import catalogue_items

from ..documents import ITEM, Document
from .batches import batches, joined
from .languages import in_each_language


def _rows():
    return catalogue_items()


def count():
    return _rows().count()


def documents(refs=None):
    for rows in batches(_rows(), refs):
        for item in rows:
            yield document(item)


def _summary(item):
    """The summary line in the active language."""
    days = ngettext("法定时限 %(days)d 个工作日", "法定时限 %(days)d 个工作日", item.statutory_days) % {
        "days": item.statutory_days}
    return joined([
        item.category.name,
        _("对应审批事项：%(name)s") % {"name": item.approval_item} if item.approval_item else "",
        item.approving_department.name, days, label(ServiceItem.FeeType, item.fee_type),
    ])


def document(item):
    qualifications = [qualification.name for qualification in item.required_qualifications.all()]
    summary, summaries = in_each_language(lambda: _summary(item))
    return Document(
        kind=ITEM,
        ref=item.pk,
        url=page_url("service_item", item.code),
        title=item.name,
        summary=summary,
        summaries=summaries,
        body="\n".join(text for text in (item.description, item.legal_basis) if text),
        # The category's name is in the summary (the body's weight): every item of a category
        # carries it, so it must not rank them as if it were their title.
        keywords=[word for word in [item.approval_item, *qualifications] if word],
        codes=[item.code],
        names=[item.name],
        facets={"category": [item.category.code]},
    )
