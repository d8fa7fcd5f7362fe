"""What the regulator workspace's queues (core.navigation.Queue) read from bidding, each within
a RegulatorScope (marketplace.selectors.scope: what the regulator's department supervises) and
each counted with one query:

- escalated objections (complaints about an owner's answer) waiting for a decision;
- jobs with signs of collusion, and jobs with other red flags, among those closed in the flags
  page's default window (bidding/selectors/flags.py says what each flag is; `flag_kinds` below
  finds the same flags from one query, and the tests hold it to `flag_jobs`);
- zombie listings: agencies registered over 12 months ago that have not bid in 12 months.

A job's place is its service item's category and its owner's region; an agency's is its
region and the categories of the items it offers (providers.selectors.queues.agencies_in_scope).
"""
import datetime
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from providers.models import Organisation
from providers.selectors.queues import agencies_in_scope
from providers.standing_rules import barred_q, representative_key_expression

from ..models import Bid, Job, Objection
from . import flags
from .public import WINNER_STATUSES, public_winner

JOB_PATHS = {"category": "item__category", "region": "owner__region__code"}
OBJECTION_PATHS = {"category": "job__item__category", "region": "job__owner__region__code"}
FLAG_WINDOW_DAYS = 90  # the flags page's default window (bidding/views/regulator_flags.py)


# --- escalated objections -----------------------------------------------------------------------

def objections_in_scope(scope):
    return Objection.objects.filter(scope.q(**OBJECTION_PATHS))


def count_escalated(scope):
    return objections_in_scope(scope).filter(status=Objection.Status.ESCALATED).count()


# --- zombie listings ----------------------------------------------------------------------------

def zombies_in_scope(scope, *, now=None):
    return flags.zombie_agencies(now=now).filter(pk__in=agencies_in_scope(scope))


def count_zombies(scope):
    return zombies_in_scope(scope).count()


# --- red flags ----------------------------------------------------------------------------------

def _in_window(since, prefix=""):
    return Q(**{f"{prefix}selected_at__gte": since}) | Q(
        **{f"{prefix}selected_at__isnull": True, f"{prefix}closes_at__gte": since})


def flag_kinds(scope, *, since=None, now=None):
    """{job id: set of flag kinds} for the opened jobs in scope closed since `since` (default:
    the flags page's window) with at least one flag — the same flags as flags.job_flags, read
    with one query: the counted bids with their agency, job and winner, each row told by the
    database how often the job's winner won from its owner in 12 months and whether the bidder's
    legal representative is that of a barred agency."""
    now = now or timezone.now()
    since = since or now - datetime.timedelta(days=FLAG_WINDOW_DAYS)
    year_ago = now - flags.YEAR
    jobs = flags.opened_jobs().filter(scope.q(**JOB_PATHS), closes_at__gte=since).values("pk")
    wins = (Job.objects.filter(status__in=WINNER_STATUSES, owner=OuterRef("job__owner"),
                               winner__agency=OuterRef("job__winner__agency"))
            .filter(_in_window(year_ago)).order_by().values("owner").annotate(n=Count("pk")).values("n"))
    barred = (Organisation.objects.filter(kind=Organisation.Kind.AGENCY).filter(barred_q(now))
              .exclude(legal_representative="").exclude(pk=OuterRef("agency"))
              .annotate(key=representative_key_expression())
              .filter(key=representative_key_expression(OuterRef("agency__legal_representative")))
              .exclude(key=""))
    bids = (flags.counted_bids(Bid.objects.filter(job__in=jobs))
            .select_related("job__winner")
            .annotate(repeat_wins=Coalesce(Subquery(wins), 0), barred_link=Exists(barred)))
    by_job = defaultdict(list)
    for bid in bids:
        by_job[bid.job_id].append(bid)
    found = {}
    for bids_of_job in by_job.values():
        kinds = _kinds(bids_of_job[0].job, bids_of_job, year_ago)
        if kinds:
            found[bids_of_job[0].job_id] = kinds
    return found


def _kinds(job, bids, year_ago):
    found = {flag.kind for kind, key, shown in flags.SHARED_FIELDS for flag in flags._shared(kind, bids, key, shown)}
    found |= {flag.kind for flag in flags._price_flags(job, bids)}
    if sum(1 for bid in bids if bid.status == Bid.Status.VALID) == 1:
        found.add("single_bidder")
    winner = public_winner(job)
    if winner and job.price_mode == Job.PriceMode.AMOUNT and job.ceiling_price and winner.price is not None \
            and winner.price >= job.ceiling_price:
        found.add("ceiling_win")
    won_in_year = (job.selected_at >= year_ago) if job.selected_at else job.closes_at >= year_ago
    if winner and won_in_year and bids[0].repeat_wins >= flags.REPEAT_WINS:
        found.add("repeat_winner")
    if any(bid.barred_link for bid in bids):
        found.add("barred_representative")
    return found


def count_collusion(scope):
    return sum(1 for kinds in flag_kinds(scope).values() if kinds & set(flags.COLLUSION))


def count_other_flags(scope):
    return sum(1 for kinds in flag_kinds(scope).values() if kinds - set(flags.COLLUSION))
