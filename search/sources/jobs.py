"""Jobs, as the public notices list them (bidding.selectors.public.public_jobs): published and
later, never a draft. Nothing of a bid is read while the bids are sealed: the only bid a
document names is the winner, and only once the public page shows it (public_winner, after the
close); bidders, prices and their number never enter an index before that."""
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from bidding import states
from bidding.models import Job
from bidding.selectors.public import LIST_FIELDS, public_jobs, public_winner
from core.navigation import page_url
from core.text import label

from .. import facets
from ..documents import JOB, Document
from .batches import batches, joined, money
from .languages import in_each_language

# Beyond a list row: the budget, the project code and the item's category the announcement
# shows, and the winner's price the result shows (read only once public_winner says so).
FIELDS = (*LIST_FIELDS, "budget", "project_code", "price_mode", "item__category", "winner__price")


def _rows():
    return public_jobs().only(*FIELDS)


def count():
    return _rows().count()


def documents(refs=None):
    now = timezone.now()
    for rows in batches(_rows(), refs):
        for job in rows:
            yield document(job, now)


def _price(job, winner):
    """What the public page shows as the job's price: the winning amount once the result is
    public (a discount rate is no amount), else the budget."""
    if winner is not None and job.price_mode == Job.PriceMode.AMOUNT and winner.price is not None:
        return winner.price
    return job.budget


# An investment project code (投资项目代码) names where the project is: 2026-510681-48-01-000001.
PROJECT_REGION = re.compile(r"^\d{4}-(\d{6})-")


def _regions(job):
    """The divisions of the project's place (from its project code, when it names one) and of
    its owner's registered region: [(code, name)], each once."""
    found = PROJECT_REGION.match(job.project_code or "")
    levels = facets.region_levels(found.group(1)) if found else []
    return list(dict.fromkeys([*levels, *facets.region_levels(job.owner.region_id)]))


def _summary(job, status, winner):
    """The summary line in the active language."""
    return joined([
        job.owner.name, job.item.name, job.owner.region.full_name, label(Job.Status, status),
        label(Job.Method, job.selection_method),
        _("预算 %(amount)s") % {"amount": money(job.budget)} if job.budget else "",
        _("中选机构：%(name)s") % {"name": winner.agency.name} if winner else "",
    ])


def document(job, now):
    status = Job.Status(states.shown_status(job, now, objections_open=getattr(job, "objections_open", None))).value
    winner = public_winner(job)
    regions = _regions(job)
    category_code, category_name = facets.category_of(job.item.category_id)
    band = facets.price_band(job.budget)
    summary, summaries = in_each_language(lambda: _summary(job, status, winner))
    facet_values = {
        "item": [job.item.code],
        "category": [category_code] if category_code else [],
        "region": [code for code, _name in regions],
        "status": [status],
        "method": [job.selection_method],
        "price": [band] if band else [],
    }
    return Document(
        kind=JOB,
        ref=job.pk,
        url=page_url("job_notice", job.pk),
        title=job.title,
        summary=summary,
        summaries=summaries,
        body=category_name,  # a category's name is a weak hint, not a title word
        keywords=[word for word in [job.item.name, *(name for _code, name in regions)] if word],
        codes=[job.project_code] if job.project_code else [],
        facets={name: values for name, values in facet_values.items() if values},
        date=job.published_at,
        price=_price(job, winner),
        badges={"status": status, "status_label": label(Job.Status, status)},
    )
