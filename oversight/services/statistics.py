"""Rebuilding the statistics' materialised summary (StatsMonth, StatsWinnerMonth) from the jobs,
bids, contracts and complaints. Run by the scheduled command `refresh_statistics` (cron in
production, the loop of scripts/start here) and at the end of the demo seed.

Each figure is counted in the month (local time, Asia/Shanghai) of its own event, so a new
event always lands in the current month and a refresh of the last two months keeps the summary
up to date; `months=None` rebuilds everything:

- jobs_published: the month the job was published (Job.published_at);
- jobs_failed: the month a job failed (流标, Job.ended_at);
- the award figures (jobs_awarded, budget/ceiling/awarded amounts, valid bids, single bidder,
  winner from outside the owner's area) and StatsWinnerMonth: the month of the award
  (Job.awarded_at) of jobs with a winner. The awarded price is the live or finished contract's
  price (contracts.Contract.price_fen), else the winning bid's price; a job whose price is known
  by neither (a discount-rate bid not yet contracted) counts in jobs_awarded but not in the
  amounts;
- the service-time figures (completed, service_days, statutory_days, on_time): the month the
  contract's last delivery was accepted (Contract.final_delivered_at) of contracts whose working
  days are recorded (Contract.working_days_taken); the statutory limit is the contract's, else
  the item's; on time = no more working days than promised;
- complaints: the month it was filed, for its item (the complaint's, else its job's);
  complaints about no item are not counted per item.

The region of a row is the owner's region (the complaint's own region for complaints). Amounts
are integer fen. The refresh is one transaction: it deletes the rows of the months it rebuilds
and writes them again, so running it twice gives the same rows; concurrent refreshes are
serialised (PostgreSQL advisory lock).
"""
import datetime

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round, Substr, TruncMonth
from django.utils import timezone

from audit.actions import Action
from audit.services import audit_record
from bidding.models import Bid, Job
from contracts.models import Contract
from core import changes
from core.errors import NotAllowed
from providers.access import is_active_regulator

from ..models import Complaint, StatsMonth, StatsWinnerMonth
from ..selectors.statistics import add_months, month_of, months_between

LOCK_KEY = 5_112_011  # PostgreSQL advisory lock: one refresh at a time
BATCH = 2000


def _local_month(field):
    return TruncMonth(field, tzinfo=timezone.get_default_timezone(), output_field=DateField())


def _bounds(months):
    """The aware datetimes [start of the first month, start of the month after the last)."""
    tz = timezone.get_default_timezone()
    first, last = min(months), add_months(max(months), 1)
    return (datetime.datetime(first.year, first.month, 1, tzinfo=tz),
            datetime.datetime(last.year, last.month, 1, tzinfo=tz))


def _in(field, bounds):
    return Q(**{f"{field}__gte": bounds[0], f"{field}__lt": bounds[1]})


def _fen(expression):
    return Cast(Round(expression * Value(100)), BigIntegerField())


def data_months():
    """Every month from the first event to the last (5 queries), or [] with no data."""
    tz = timezone.get_default_timezone()
    moments = [
        *Job.objects.aggregate(a=Min("published_at"), b=Max("published_at"), c=Min("awarded_at"),
                               d=Max("awarded_at"), e=Min("ended_at"), f=Max("ended_at")).values(),
        *Contract.objects.aggregate(a=Min("final_delivered_at"), b=Max("final_delivered_at")).values(),
        *Complaint.objects.aggregate(a=Min("filed_at"), b=Max("filed_at")).values(),
    ]
    moments = [m for m in moments if m is not None]
    if not moments:
        return []
    return months_between(month_of(min(moments).astimezone(tz).date()), month_of(max(moments).astimezone(tz).date()))


def _awards(bounds):
    """The awarded jobs of the months, with their figures as annotations."""
    contract_price = (Contract.objects.filter(job=OuterRef("pk")).exclude(status=Contract.Status.REFUSED)
                      .order_by("-created_at", "-pk").values("price_fen")[:1])
    valid_bids = (Bid.objects.filter(job=OuterRef("pk"), status=Bid.Status.VALID).order_by()
                  .values("job").annotate(n=Count("pk")).values("n"))
    province_owner = Q(owner__region__code__endswith="0000")
    return (Job.objects.filter(_in("awarded_at", bounds), winner__isnull=False).order_by()
            .annotate(
                m=_local_month("awarded_at"),
                price=Coalesce(Subquery(contract_price, output_field=BigIntegerField()), _fen(F("winner__price")),
                               output_field=BigIntegerField()),
                budget_f=_fen(F("budget")),
                ceiling_f=_fen(F("ceiling_price")),
                valid=Coalesce(Subquery(valid_bids, output_field=IntegerField()), Value(0)),
                owner_area=Case(When(province_owner, then=Substr("owner__region", 1, 2)),
                                default=Substr("owner__region", 1, 4)),
                agency_area=Case(When(province_owner, then=Substr("winner__agency__region", 1, 2)),
                                 default=Substr("winner__agency__region", 1, 4)),
            ))


def _month(value):
    """The month's first day from what the raw cursor gives: a date (SQLite gives text), or on
    PostgreSQL a datetime (the truncated local timestamp) — datetime is a date too, so first."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def _award_rows(bounds):
    """The award figures per (item, region, month) and the winners per agency: the awarded jobs'
    per-job values (a subquery) summed by the database in an outer query (2 queries)."""
    per_job = _awards(bounds).annotate(
        r_item=F("item_id"), r_region=F("owner__region_id"), r_agency=F("winner__agency_id"),
        has_price=Case(When(price__isnull=False, then=Value(1)), default=Value(0), output_field=IntegerField()),
        outside=Case(When(owner_area=F("agency_area"), then=Value(0)), default=Value(1),
                     output_field=IntegerField()),
    ).values("r_item", "r_region", "m", "r_agency", "price", "budget_f", "ceiling_f", "valid", "has_price",
             "outside")
    inner, params = per_job.query.sql_with_params()
    groups, winners = {}, []
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT r_item, r_region, m, COUNT(*),
                   SUM(CASE WHEN has_price = 1 AND budget_f IS NOT NULL THEN budget_f ELSE 0 END),
                   SUM(CASE WHEN has_price = 1 AND budget_f IS NOT NULL THEN price ELSE 0 END),
                   SUM(CASE WHEN has_price = 1 AND ceiling_f IS NOT NULL THEN ceiling_f ELSE 0 END),
                   SUM(CASE WHEN has_price = 1 AND ceiling_f IS NOT NULL THEN price ELSE 0 END),
                   SUM(CASE WHEN has_price = 1 THEN price ELSE 0 END),
                   SUM(valid), SUM(CASE WHEN valid = 1 THEN 1 ELSE 0 END), SUM(outside)
            FROM ({inner}) t GROUP BY r_item, r_region, m""", params)
        for (item, region, month, n, budget, budget_awarded, ceiling, ceiling_awarded, awarded, bids, single,
             outside) in cursor.fetchall():
            groups[(item, region, _month(month))] = dict(
                jobs_awarded=n, budget_fen=budget, budget_awarded_fen=budget_awarded, ceiling_fen=ceiling,
                ceiling_awarded_fen=ceiling_awarded, awarded_fen=awarded, bids=bids, single_bidder=single,
                outside_winners=outside)
        cursor.execute(f"""
            SELECT r_item, r_region, m, r_agency, COUNT(*), SUM(CASE WHEN has_price = 1 THEN price ELSE 0 END)
            FROM ({inner}) t GROUP BY r_item, r_region, m, r_agency""", params)
        for item, region, month, agency, wins, awarded in cursor.fetchall():
            winners.append({"item_id": item, "owner__region_id": region, "m": _month(month),
                             "winner__agency_id": agency, "wins": wins, "awarded": awarded})
    return {"groups": groups, "winners": winners}


def _collect(bounds):
    """{(item, region, month): {column: value}} and the winners' rows, for the months in bounds."""
    rows = {}

    def add(key, **values):
        row = rows.setdefault(key, {})
        for name, value in values.items():
            row[name] = row.get(name, 0) + int(value or 0)

    for r in (Job.objects.filter(_in("published_at", bounds)).order_by()
              .annotate(m=_local_month("published_at")).values("item_id", "owner__region_id", "m")
              .annotate(n=Count("pk"))):
        add((r["item_id"], r["owner__region_id"], r["m"]), jobs_published=r["n"])

    for r in (Job.objects.filter(_in("ended_at", bounds), status=Job.Status.FAILED).order_by()
              .annotate(m=_local_month("ended_at")).values("item_id", "owner__region_id", "m")
              .annotate(n=Count("pk"))):
        add((r["item_id"], r["owner__region_id"], r["m"]), jobs_failed=r["n"])

    awards = _award_rows(bounds)
    for (item, region, month), r in awards["groups"].items():
        add((item, region, month), **r)
    for r in (Contract.objects.filter(_in("final_delivered_at", bounds), working_days_taken__isnull=False)
              .order_by().annotate(m=_local_month("final_delivered_at"))
              .values("job__item_id", "job__owner__region_id", "m").annotate(
                  n=Count("pk"), days=Sum("working_days_taken"),
                  statutory=Sum(Coalesce("statutory_days", "job__item__statutory_days")),
                  on_time=Count("pk", filter=Q(working_days_taken__lte=F("promised_days"))))):
        add((r["job__item_id"], r["job__owner__region_id"], r["m"]), completed=r["n"], service_days=r["days"],
            statutory_days=r["statutory"], on_time=r["on_time"])

    for r in (Complaint.objects.filter(_in("filed_at", bounds)).order_by()
              .annotate(m=_local_month("filed_at"), about_item=Coalesce("item_id", "job__item_id"))
              .filter(about_item__isnull=False).values("about_item", "region_id", "m").annotate(n=Count("pk"))):
        add((r["about_item"], r["region_id"], r["m"]), complaints=r["n"])

    winners = awards["winners"]
    return rows, winners


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _check(actor):
    if actor is not None and not (getattr(actor, "is_superuser", False) or is_active_regulator(actor)):
        raise NotAllowed()


@transaction.atomic
def statistics_refresh(*, actor=None, months=None, now=None):
    """Rebuild StatsMonth and StatsWinnerMonth for `months` (dates; any day stands for its month)
    or, with None, for every month with data (the rows of other months are removed). `actor`:
    None for the scheduled command, else a regulator (or superuser). Returns
    {"months": [first days], "rows": StatsMonth rows written, "winner_rows": …}."""
    _check(actor)
    now = now or timezone.now()
    _lock()
    rebuild_all = months is None
    months = sorted({month_of(m) for m in months}) if not rebuild_all else data_months()
    if rebuild_all:
        StatsMonth.objects.all().delete()
        StatsWinnerMonth.objects.all().delete()
    elif months:
        StatsMonth.objects.filter(month__in=months).delete()
        StatsWinnerMonth.objects.filter(month__in=months).delete()
    written = winner_written = 0
    if months:
        wanted = set(months)
        rows, winners = _collect(_bounds(months))
        StatsMonth.objects.bulk_create(
            (StatsMonth(item_id=item, region_id=region, month=month, refreshed_at=now, **values)
             for (item, region, month), values in sorted(rows.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
             if month in wanted),
            batch_size=BATCH)
        written = sum(1 for key in rows if key[2] in wanted)
        winner_rows = [StatsWinnerMonth(item_id=w["item_id"], region_id=w["owner__region_id"], month=w["m"],
                                        agency_id=w["winner__agency_id"], wins=w["wins"],
                                        awarded_fen=w["awarded"] or 0)
                       for w in winners if w["m"] in wanted]
        StatsWinnerMonth.objects.bulk_create(winner_rows, batch_size=BATCH)
        winner_written = len(winner_rows)
    result = {"months": months, "rows": written, "winner_rows": winner_written}
    # bulk_create announces nothing, and the audit entry names no object: the pages that read the
    # summary (the public /statistics/) are told here
    changes.announce(topics=["statistics"])
    audit_record(actor=actor, action=Action.STATISTICS_REFRESH, object_type="oversight.statsmonth",
                 object_repr="统计汇总", after={
                     "months": [f"{m:%Y-%m}" for m in months[:1] + months[-1:]] if months else [],
                     "all": rebuild_all, "month_count": len(months), "rows": written, "winner_rows": winner_written})
    return result


def recent_months(now=None):
    """The months a scheduled refresh rebuilds: the current one and the one before (an event
    just before midnight on the 1st is counted in the previous month)."""
    today = timezone.localdate(now or timezone.now())
    return [add_months(month_of(today), -1), month_of(today)]
