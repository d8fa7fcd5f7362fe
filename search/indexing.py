"""Which documents a committed change makes stale, and rebuilding the index whole.

`on_change(topics, objects)` is a core.changes listener: it runs after each announced change
commits and queues `search.tasks.update_index` per kind with the refs to refresh. It reads only
the topics and the objects' own attributes (no query), and it queues rather than indexes, so a
user's request never waits for (or fails with) the search engine; core.changes logs a listener
that raises.

    "all" (seed_demo, seed_scale)   every kind, rebuilt whole
    "job:<id>"                      that job
    "org:<id>"                      that agency (an owner's id finds no agency: nothing indexed);
                                    a blacklisting, a standing, a credit change, an offer all
                                    announce their agency's org:<id>
    "catalogue"                     every item (a few hundred; a withdrawn one leaves the index)
    "cms"                           every policy page (a page published, unpublished, moved,
                                    restricted)
    a blacklist entry or repair, a complaint, an inspection campaign or finding
                                    that notice

Some text is copied from one object into another's document: an item's name into the agencies
offering it and the jobs for it, an owner's name into its jobs, a page's URL into the hits of its
sub-pages. A change to those is not chased through every document that copies it; the nightly
`manage.py search_rebuild` brings them in step (as it does for what only the clock changes: a
job's window closing, a blacklisting running out).

The synonym table ("synonyms") changes how queries are understood (search.lexicon), not the
documents: nothing is queued for it.
"""
from django.conf import settings
from django.db import transaction
from django.utils import translation

from audit.actions import Action
from audit.services import audit_record
from bidding.models import Bid
from core import changes
from core.changes import EVERYTHING
from oversight.models import Complaint, InspectionCampaign, InspectionFinding
from reviews.models import BlacklistEntry, CreditRepair

from . import sources
from .backends import get_backend
from .documents import AGENCY, ITEM, JOB, KINDS, NOTICE, POLICY
from .sources import notices

# Refs per queued task: a credit recompute announces thousands of organisations at once.
REFS_PER_TASK = 1000
WHOLE_KIND_TOPICS = {"catalogue": ITEM, "cms": POLICY}
ONE_OBJECT_TOPICS = {"job": JOB, "org": AGENCY}


def _notice_ref(obj):
    if isinstance(obj, BlacklistEntry):
        return notices.ref_of(notices.BLACKLIST, obj.pk)
    if isinstance(obj, CreditRepair):
        return notices.ref_of(notices.BLACKLIST, obj.entry_id)
    if isinstance(obj, Complaint):
        return notices.ref_of(notices.COMPLAINT, obj.pk)
    if isinstance(obj, InspectionCampaign):
        return notices.ref_of(notices.INSPECTION, obj.pk)
    if isinstance(obj, InspectionFinding):
        return notices.ref_of(notices.INSPECTION, obj.campaign_id)
    return None


def targets(topics, objects):
    """{kind: set of refs, or None for the whole kind} a change to `topics`/`objects` makes stale."""
    if EVERYTHING in topics:
        return dict.fromkeys(KINDS)
    wanted = {}
    if objects and all(isinstance(obj, Bid) for obj in objects):
        # A bid announces its job (for the job's own pages), but a job's document shows no bid
        # until the result, which the job's own change announces: a storm of bids before a
        # close queues nothing.
        topics = [topic for topic in topics if not topic.startswith("job:")]
    for topic in topics:
        if topic in WHOLE_KIND_TOPICS:
            wanted[WHOLE_KIND_TOPICS[topic]] = None
        name, _sep, ident = topic.partition(":")
        if name in ONE_OBJECT_TOPICS and ident.isdigit():
            kind = ONE_OBJECT_TOPICS[name]
            if kind not in wanted or wanted[kind] is not None:
                wanted.setdefault(kind, set()).add(int(ident))
    refs = {ref for ref in map(_notice_ref, objects) if ref is not None}
    if refs:
        wanted.setdefault(NOTICE, set()).update(refs)
    return wanted


def on_change(topics, objects):
    if not getattr(settings, "SEARCH_INDEX_ON_CHANGE", True):
        return
    from .tasks import update_index

    for kind, refs in targets(topics, objects).items():
        if refs is None:
            update_index.enqueue(kind, None)
            continue
        refs = sorted(refs)
        for start in range(0, len(refs), REFS_PER_TASK):
            update_index.enqueue(kind, refs[start:start + REFS_PER_TASK])


def rebuild(*, kinds=None, backend=None, progress_for=None):
    """Rebuild the index of each kind (every kind by default) from the sources, and record it in
    the audit log. `progress_for(kind, total)` may return a callable the backend calls with the
    number of documents it has just written. Returns {kind: documents indexed}. Running it again
    gives the same index: each kind is replaced whole."""
    engine = get_backend(backend)
    counts = {}
    # In the site's language, as the public pages write them; the catalogue and region tables
    # (core.changes.Memo) read once for the whole rebuild, not once a document.
    with translation.override(settings.LANGUAGE_CODE), changes.request_snapshot():
        for kind in kinds or KINDS:
            total = sources.count(kind)
            progress = progress_for(kind, total) if progress_for else None
            counts[kind] = engine.rebuild(kind, sources.documents(kind), total=total, progress=progress)
    changes.announce(topics=["search"])  # the pages answered from the index (search/tasks.py)
    with transaction.atomic():
        audit_record(actor=None, action=Action.SEARCH_REBUILD, object_type="search.index",
                     object_id=engine.name, object_repr=engine.name,
                     after={"backend": engine.name, "counts": counts})
    return counts
