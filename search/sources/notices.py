"""Public decisions other than jobs, one kind ("notice") for the reader: blacklistings (the
public blacklist, reviews.selectors.blacklist.public_entries: approved entries, in force or
ended), complaint outcomes once decided (oversight.selectors.complaints: never who complained)
and random-inspection campaigns once announced (oversight.selectors.inspections.public_campaigns:
never a draft; the results' summary once published).

The three share one kind, so a document's ref carries which one it is: ref = id × 10 + source
(SOURCES), e.g. blacklist entry 7 is ref 71, complaint 7 is ref 72.
"""
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.navigation import page_url
from core.text import label
from oversight.models import Complaint
from oversight.selectors.complaints import public_decided_by_id, public_decided_count
from oversight.selectors.inspections import public_campaigns
from reviews.blacklist_rules import STATE_LABELS
from reviews.selectors.blacklist import public_entries

from .. import facets
from ..documents import NOTICE, Document
from .batches import BATCH_SIZE, batches, joined
from .languages import in_each_language

BLACKLIST, COMPLAINT, INSPECTION = 1, 2, 3
SOURCES = {BLACKLIST: "blacklist", COMPLAINT: "complaint", INSPECTION: "inspection"}
LABELS = {BLACKLIST: gettext_lazy("黑名单"), COMPLAINT: gettext_lazy("投诉处理结果"),
          INSPECTION: gettext_lazy("双随机抽查")}


def ref_of(source, pk):
    return int(pk) * 10 + source


def split(ref):
    """(source, id) of a notice's ref."""
    return int(ref) % 10, int(ref) // 10


def count():
    return public_entries(timezone.now()).count() + public_decided_count() + public_campaigns().count()


def documents(refs=None):
    wanted = {source: None for source in SOURCES}
    if refs is not None:
        wanted = {source: [] for source in SOURCES}
        for ref in refs:
            source, pk = split(ref)
            if source in wanted:
                wanted[source].append(pk)
    now = timezone.now()
    if wanted[BLACKLIST] is None or wanted[BLACKLIST]:
        for rows in batches(public_entries(now), wanted[BLACKLIST]):
            yield from (_blacklisting(entry) for entry in rows)
    if wanted[COMPLAINT] is None or wanted[COMPLAINT]:
        yield from (_complaint(pk, row) for pk, row in _complaints(wanted[COMPLAINT]))
    if wanted[INSPECTION] is None or wanted[INSPECTION]:
        for rows in batches(public_campaigns(), wanted[INSPECTION]):
            yield from (_campaign(campaign) for campaign in rows)


def _complaints(ids):
    if ids is not None:
        ids = sorted(set(ids))
        for start in range(0, len(ids), BATCH_SIZE):
            yield from public_decided_by_id(ids=ids[start:start + BATCH_SIZE], limit=BATCH_SIZE)
        return
    after = 0
    while True:
        rows = public_decided_by_id(after=after, limit=BATCH_SIZE)
        yield from rows
        if len(rows) < BATCH_SIZE:
            return
        after = rows[-1][0]


def _day(moment):
    return date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else ""


def _split(own, others):
    """{language: (title, summary)} as the Document's `titles` and `summaries`: each where it
    reads differently from the site language's."""
    return {"titles": {language: title for language, (title, _summary) in others.items() if title != own[0]},
            "summaries": {language: summary for language, (_title, summary) in others.items() if summary != own[1]}}


def _badges(source):
    return {"notice": SOURCES[source], "notice_label": str(LABELS[source])}


def _blacklisting_lines(entry):
    """(title, summary) in the active language: the state's label from its code (the selector's
    `state_label` is in the language the rows were read in)."""
    period = _("%(start)s 至 %(end)s") % {"start": _day(entry.starts_at), "end": _day(entry.ends_at)}
    return (_("%(agency)s 列入黑名单") % {"agency": entry.agency.name},
            joined([entry.agency.uscc, STATE_LABELS.get(entry.state, entry.state_label), period, entry.facts]))


def _blacklisting(entry):
    agency = entry.agency
    blacklist_url = page_url("blacklist")
    own, others = in_each_language(lambda: _blacklisting_lines(entry))
    return Document(
        kind=NOTICE,
        ref=ref_of(BLACKLIST, entry.pk),
        url=f"{blacklist_url}?q={agency.uscc}" if blacklist_url else "",
        title=own[0],
        summary=own[1],
        **_split(own, others),
        body=entry.legal_basis,
        keywords=[agency.name, str(LABELS[BLACKLIST])],
        codes=[agency.uscc],
        names=[agency.name],
        facets={"region": [code for code, _name in facets.region_levels(agency.region_id)]},
        date=entry.starts_at,
        badges=_badges(BLACKLIST),
    )


def _complaint_lines(row):
    """(title, summary) in the active language: labels from the codes (the row's labels are in
    the language it was read in)."""
    return (_("投诉处理结果：%(summary)s") % {"summary": row.summary},
            joined([row.number, label(Complaint.About, row.about), row.item_name, row.region_name,
                    label(Complaint.Status, row.status),
                    _("责任单位：%(name)s") % {"name": row.responsible_name} if row.responsible_name else ""]))


def _complaint(pk, row):
    own, others = in_each_language(lambda: _complaint_lines(row))
    return Document(
        kind=NOTICE,
        ref=ref_of(COMPLAINT, pk),
        url=reverse("oversight:complaint", args=[row.number]),
        title=own[0],
        summary=own[1],
        **_split(own, others),
        body=row.outcome,
        keywords=[word for word in (row.item_name, str(LABELS[COMPLAINT])) if word],
        codes=[row.number],
        date=row.decided_at,
        badges={**_badges(COMPLAINT), "state": row.status, "state_label": row.status_label},
    )


def _campaign(campaign):
    categories = list(campaign.categories.all())
    published = campaign.status == campaign.Status.PUBLISHED
    regions = facets.region_levels(campaign.region_id)
    summary, summaries = in_each_language(lambda: joined([
        campaign.department.name, campaign.region.full_name, _("、").join(category.name for category in categories),
        campaign.get_status_display()]))
    return Document(
        kind=NOTICE,
        ref=ref_of(INSPECTION, campaign.pk),
        url=reverse("oversight:inspection", args=[campaign.pk]),
        title=campaign.title,
        summary=summary,
        summaries=summaries,
        body="\n".join(text for text in (campaign.checks, campaign.summary if published else "") if text),
        keywords=[str(LABELS[INSPECTION]), *(category.name for category in categories),
                  *(name for _code, name in regions)],
        facets={"region": [code for code, _name in regions],
                "category": [category.code for category in categories]},
        date=campaign.published_at or campaign.announced_at,
        badges={**_badges(INSPECTION), "state": campaign.status, "state_label": campaign.get_status_display()},
    )
