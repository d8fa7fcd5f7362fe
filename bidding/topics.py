"""What a change to bidding's data touches on the public pages (core/changes.py).

"jobs" is every list that shows jobs (the notices, the home page); "job:<id>" the job's own
notice and draw proof. A bid shows only on its job's own pages, and only after the close: it
touches that job, never the lists, so a storm of bids before a close leaves every list page in
the cache. A bid's files and an agency's random value are fixed before the close and change
nothing public afterwards."""
from .models import Bid, BidAttachment, Job, JobEntryValue

NOTHING_PUBLIC = (BidAttachment, JobEntryValue)


def topics_of(obj):
    if isinstance(obj, Job):
        return {"jobs", f"job:{obj.pk}"}
    if isinstance(obj, NOTHING_PUBLIC):
        return set()
    job_id = getattr(obj, "job_id", None)
    if job_id is None:
        return {"jobs"}
    if isinstance(obj, Bid):
        return {f"job:{job_id}"}
    return {"jobs", f"job:{job_id}"}
