"""What each public page shows, told to the page cache (core/pagecache.py): the topics of its
data (core/changes.py; each app's `topics.py` says which changes touch which) and the next
moment at which the clock alone changes it. Every page depends on its frame (menus, portal
settings) too; the middleware adds those.

A page that calls none of these is not cached."""
from django.utils import timezone

from bidding import states
from core import changes
from core.pagecache import depends_on, valid_until
from providers import standing_rules
from reviews.selectors import redlist


def prose_page(request):
    """An editor's page: its content and the menus are Wagtail pages (the frame)."""
    depends_on(request)


def live_block(request, *topics, agencies=(), jobs=()):
    """A body block that shows live data (cms/blocks.py), on whatever page holds it."""
    if request is not None:
        depends_on(request, *topics)
        _agencies_clock(request, agencies)
        _jobs_clock(request, jobs)


def home_page(request, jobs, agencies):
    # "statistics": the year's figures come from the statistics summary.
    depends_on(request, "jobs", "agencies", "catalogue", "statistics")
    _jobs_clock(request, jobs)
    _agencies_clock(request, agencies)


def statistics_summary(request):
    """The public statistics: until they are refreshed (topic "statistics") or midnight."""
    depends_on(request, "statistics", "catalogue")


def contract_templates(request):
    """The model contracts: until a version is published or withdrawn (topic "contract_templates")
    or an item or category they apply to changes."""
    depends_on(request, "contract_templates", "catalogue")


def keyword_search(request):
    """A list answered by the search (cms/keyword_search.py): it also shows what the index holds
    ("search", announced when an index update is written) and how words are understood."""
    depends_on(request, "search", "synonyms")


def catalogue_list(request):
    # Scheduled versions take effect on a date; every entry ends at midnight anyway.
    depends_on(request, "catalogue")


def catalogue_item(request, agencies):
    # "jobs": the item's price benchmarks move with its awards.
    depends_on(request, "catalogue", "offers", "agencies", "jobs")
    _agencies_clock(request, agencies)


def directory_list(request, agencies):
    depends_on(request, "agencies", "offers", "catalogue")
    _agencies_clock(request, agencies)


def agency_profile(request, agency, credit):
    # Its offers, certificates and standing are org:<id>; item names are the catalogue's; its
    # credit record is org:<id> and the rule set ("credit"). A review shows by itself when its
    # contract's review window closes (`credit.next_change`).
    depends_on(request, f"org:{agency.pk}", "catalogue", "credit", "jobs")  # "jobs": its current load
    _agencies_clock(request, [agency])
    valid_until(request, credit.next_change)
    _blacklist_clock(request, credit.blacklistings)


def credit_rules(request):
    """/credit/ and its rule set versions: the rule set (a new version is "credit")."""
    depends_on(request, "credit")


def blacklist_list(request, entries):
    """/credit/blacklist/: the entries ("credit"), the agencies they name; an entry in force
    shows as ended at its end."""
    depends_on(request, "credit", "agencies")
    _blacklist_clock(request, entries)


def blacklist_block(request, entries):
    """The recent-blacklist block (cms/blocks.py), on whatever page holds it: as the list."""
    if request is not None:
        blacklist_list(request, entries)


def _blacklist_clock(request, entries):
    """An entry shown in force shows as ended by expiry at its end."""
    now = timezone.now()
    for entry in entries:
        if entry.shown_state.in_force and entry.ends_at > now:
            valid_until(request, entry.ends_at)


def red_list(request, rules):
    """/credit/redlist/: grades, credit records and standings; a regulator's suspension that
    lapses lets an agency in (the window itself moves at midnight, when every page ends)."""
    depends_on(request, "credit", "agencies")
    valid_until(request, redlist.next_change(rules=rules))


def notices_list(request, jobs):
    depends_on(request, "jobs", "catalogue", "agencies")
    _jobs_clock(request, jobs)


def job_notice(request, job, result):
    """A job's notice or draw proof: the job, and the organisations it names."""
    orgs = {job.owner_id} | {avoidance.agency_id for avoidance in job.avoidances.all()}
    if result is not None:
        orgs |= {bid.agency_id for bid in result.valid_bids + result.invalid_bids}
    depends_on(request, f"job:{job.pk}", "catalogue", *(f"org:{org}" for org in orgs))
    _jobs_clock(request, [job])
    # A method whose computation the clock moves by itself (a running auction's boxes) says when.
    valid_until(request, getattr(getattr(result, "computation", None), "next_change", None))


def _jobs_clock(request, jobs):
    now = timezone.now()
    for job in jobs:
        valid_until(request, states.next_change(job, now))


def _agencies_clock(request, agencies):
    now = timezone.now()
    for agency in agencies:
        valid_until(request, standing_rules.next_change(agency, now))



# --- what changes to the pages themselves touch ---------------------------------------------

def _cms_topics(obj):
    from .models import PortalSettings

    return {"settings"} if isinstance(obj, PortalSettings) else {"cms"}


def _wagtail_topics(obj):
    from wagtail.models import Page, PageViewRestriction, Site

    # A page's title is in the menus of every page; drafts and revisions change nothing public.
    return {"cms"} if isinstance(obj, Page | Site | PageViewRestriction) else set()


def _page_event(**_kwargs):
    changes.announce(topics=["cms"])


def register():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    changes.register("cms", _cms_topics)
    changes.register("wagtailcore", _wagtail_topics)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_event, dispatch_uid=f"cms-caching-{id(signal)}")
