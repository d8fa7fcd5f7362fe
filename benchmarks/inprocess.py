"""The in-process half of the page benchmark (run by benchmarks/pages.py, not by hand).

With the benchmark's settings and database from the environment it finds each public page's
URL in the seeded data, then with Django's test Client (anonymous) counts each page's SQL
queries in three states (MODES: cold, uncached, cached), times the CPU a request takes in this
process (the PostgreSQL server's CPU is not counted), and profiles the pages with cProfile.
Prints one JSON document.

    DJANGO_SETTINGS_MODULE=benchmarks.settings DATABASE_URL=... python -m benchmarks.inprocess
"""
import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent.parent

# The page types of issue 7, in the order the tables list them.
PAGE_LABELS = {
    "bare": "bare view (20-row template, no SQL)",
    "home": "home",
    "catalogue": "catalogue",
    "item": "catalogue item",
    "directory": "directory",
    "directory_filtered": "directory, filtered",
    "agency": "agency",
    "notices": "notices",
    "notice": "notice (with result)",
    "draw": "draw proof",
    "policy": "policy page (prose)",
    "templates": "model contracts",
    "template": "model contract",
    "credit": "credit rules",
    "blacklist": "blacklist",
    "redlist": "red list",
    "owner": "owner's public record",
    "notice_best_price": "notice, best price",
    "notice_credit_draw": "notice, credit-merit draw",
    "notice_auction": "notice, online auction",
    "notice_quote": "notice, quote comparison",
    "statistics": "public statistics",
    "complaint_outcomes": "complaint outcomes",
    "complaint": "complaint (follow page)",
    "inspections": "inspection campaigns",
    "inspection": "inspection campaign",
    "inspection_draw": "inspection draw proof",
    "search": "search results (环评, with facets)",
    "directory_search": "directory, keyword (环评)",
}
LISTS = ("catalogue", "directory", "directory_filtered", "notices", "blacklist", "redlist", "complaint_outcomes",
         "inspections", "search", "directory_search")


def resolve_pages():
    """Each page type's URL in the seeded data; where there is a choice, the page with the most
    rows (the item most agencies offer, the agency with most offers, the job with most bids)."""
    from django.db.models import Count

    from bidding.models import Job
    from bidding.selectors.public import WINNER_STATUSES
    from cms.models import (
        BlacklistPage,
        CatalogueIndexPage,
        CreditIndexPage,
        DirectoryIndexPage,
        HomePage,
        NoticesIndexPage,
        RedListPage,
        StandardPage,
    )
    from marketplace.models import ServiceItem
    from providers.models import Organisation

    def live(model):
        page = model.objects.live().first()
        if page is None:
            raise SystemExit(f"no live {model.__name__}: did seed_demo run?")
        return page.url

    pages = {"bare": "/_bench/bare/", "home": live(HomePage)}
    catalogue, directory, notices = live(CatalogueIndexPage), live(DirectoryIndexPage), live(NoticesIndexPage)
    pages["catalogue"] = catalogue
    item = (ServiceItem.objects.filter(is_active=True).annotate(n=Count("offers")).order_by("-n", "code").first())
    pages["item"] = f"{catalogue}{item.code}/"
    pages["directory"] = directory
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
    top_region = agencies.values("region_id").annotate(n=Count("id")).order_by("-n").first()["region_id"]
    filters = f"province={top_region[:2]}0000&item={item.code}"
    # The grade filter finds rated agencies only: add it when the data has any.
    if agencies.filter(credit_rated_at__isnull=False, credit_grade="A").exists():
        filters = f"grade=A&{filters}"
    pages["directory_filtered"] = f"{directory}?{filters}"
    agency = agencies.annotate(n=Count("services")).order_by("-n", "uscc").first()
    pages["agency"] = f"{directory}{agency.uscc}/"
    pages["notices"] = notices
    with_result = Job.objects.filter(status__in=WINNER_STATUSES).annotate(n=Count("bids")).order_by("-n", "pk")
    job = with_result.first()
    drawn = with_result.filter(draws__superseded_at__isnull=True, draws__isnull=False).first()
    pages["notice"] = f"{notices}{job.pk}/"
    pages["draw"] = f"{notices}{(drawn or job).pk}/draw/"
    policy = StandardPage.objects.live().filter(slug="policies").first() or StandardPage.objects.live().first()
    pages["policy"] = policy.url
    from django.urls import reverse

    from cms.models import ContactPage, ContractTemplatesPage, FeeRulesPage, StatisticsPage
    from contracts.selectors.templates import published_templates

    # Issue 13: the model contracts, the fee page with a calculation, the contact page.
    pages["templates"] = live(ContractTemplatesPage)
    template = published_templates().first()
    if template is not None:
        pages["template"] = f"{pages['templates']}{template.code}/"
    fees_url = live(FeeRulesPage)
    priced = ServiceItem.objects.filter(fee_rule__isnull=False, fee_type="government").order_by("code").first()
    pages["fees"] = f"{fees_url}?item={priced.code}&fee-quantity=3000" if priced else fees_url
    pages["contact"] = live(ContactPage)
    # The credit pages (issue 9): the rules, the blacklist and the red list.
    for key, model in (("credit", CreditIndexPage), ("blacklist", BlacklistPage), ("redlist", RedListPage)):
        if model.objects.live().exists():
            pages[key] = live(model)
    # Issue 10: the owner's public record, and a result of each method added after the first four.
    owner = (Organisation.objects.filter(kind=Organisation.Kind.OWNER).annotate(n=Count("owner_contracts"))
             .order_by("-n", "uscc").first())
    if owner is not None:
        pages["owner"] = f"{directory}owners/{owner.uscc}/"
    for method in ("best_price", "credit_draw", "auction", "quote"):
        done = with_result.filter(selection_method=method).first()
        if done is not None:
            pages[f"notice_{method}"] = f"{notices}{done.pk}/"
    # Issue 11: the public statistics summary (sums of the materialised StatsMonth rows).
    pages["statistics"] = live(StatisticsPage)
    # Issue 11: published complaint outcomes and a decided complaint's follow page; the public
    # inspection campaigns, the published one and its draw proof.
    from oversight.models import Complaint, InspectionCampaign

    pages["complaint_outcomes"] = reverse("oversight:complaint_outcomes")
    decided = Complaint.objects.exclude(decided_at=None).order_by("-decided_at").first()
    if decided is not None:
        pages["complaint"] = reverse("oversight:complaint", args=[decided.number])
    pages["inspections"] = reverse("oversight:inspections")
    campaign = InspectionCampaign.objects.filter(status=InspectionCampaign.Status.PUBLISHED).order_by("-pk").first()
    if campaign is not None:
        pages["inspection"] = reverse("oversight:inspection", args=[campaign.pk])
        pages["inspection_draw"] = reverse("oversight:inspection_draw", args=[campaign.pk])
    # Issue 12: the search results page and a list answered by the search (an abbreviation).
    pages["search"] = reverse("search:results") + "?q=%E7%8E%AF%E8%AF%84"
    pages["directory_search"] = f"{directory}?q=%E7%8E%AF%E8%AF%84"
    return pages


def data_size():
    from bidding.models import Bid, Job
    from marketplace.models import AgencyService, ServiceItem
    from providers.models import Organisation

    return {
        "agencies": Organisation.objects.filter(kind=Organisation.Kind.AGENCY).count(),
        "owners": Organisation.objects.filter(kind=Organisation.Kind.OWNER).count(),
        "jobs": Job.objects.count(),
        "bids": Bid.objects.count(),
        "service_items": ServiceItem.objects.count(),
        "offers": AgencyService.objects.count(),
    }


def clear_caches():
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


MODES = {
    # every cache cleared before each request: the first visitor after a flush
    "cold": {"clear": True, "page_cache": True},
    # the page cache off, the smaller caches warm: what every page miss costs
    "uncached": {"clear": False, "page_cache": False},
    # the page cache on and filled: what a hit costs
    "cached": {"clear": False, "page_cache": True},
}


def before_request(clear):
    """What a gunicorn worker starts a request with: the caches cleared if asked, and with
    CONN_MAX_AGE=0 (--conn-max-age 0) no database connection (Django closes it after each
    request; the test Client keeps it, so close it here and the request pays for connecting)."""
    from django.db import connections

    if clear:
        clear_caches()
    if not connections["default"].settings_dict.get("CONN_MAX_AGE"):
        connections.close_all()


def prime(client, url, mode, cacheable=True):
    """Bring the caches to the mode's state. The page cache stores a page only once the versions
    of what it shows are a moment old (core/pagecache.py): for "cached", ask until it answers."""
    if mode == "cold":
        clear_caches()
    if mode != "cached" or not cacheable:
        client.get(url)
        return
    deadline = time.monotonic() + 15
    while client.get(url).get("X-Page-Cache") != "hit" and time.monotonic() < deadline:
        time.sleep(0.25)


def page_cache(enabled):
    from django.test import override_settings

    return override_settings() if enabled else override_settings(PAGE_CACHE_ENABLED=False, PAGE_CACHE_SECONDS=0)


class RedisCalls:
    """Counts round trips to Redis (the shared cache) while it is open."""

    def __enter__(self):
        from redis.connection import AbstractConnection

        self.count, self.original = 0, AbstractConnection.send_packed_command

        def counted(connection, *args, **kwargs):
            self.count += 1
            return self.original(connection, *args, **kwargs)

        AbstractConnection.send_packed_command = counted
        return self

    def __exit__(self, *exc):
        from redis.connection import AbstractConnection

        AbstractConnection.send_packed_command = self.original


def count(client, url, mode, row):
    """The queries and Redis round trips of one request in `mode`, after priming."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    how = MODES[mode]
    with page_cache(how["page_cache"]):
        prime(client, url, mode, cacheable=not url.startswith("/_bench/"))
        before_request(how["clear"])
        with CaptureQueriesContext(connection) as queries, RedisCalls() as redis_calls:
            response = client.get(url)
    row[f"redis_{mode}"] = redis_calls.count
    row[f"queries_{mode}"] = len(queries.captured_queries)
    row[f"sql_{mode}"] = [q["sql"][:300] for q in queries.captured_queries]
    row[f"hit_{mode}"] = response.get("X-Page-Cache") == "hit"


def timing(client, url, mode, requests, row):
    how = MODES[mode]
    cpu = wall = 0.0
    with page_cache(how["page_cache"]):
        for _ in range(requests):
            before_request(how["clear"])
            c0, w0 = time.process_time(), time.perf_counter()
            client.get(url)
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
    row[f"cpu_ms_{mode}"] = round(cpu / requests * 1000, 2)
    row[f"wall_ms_{mode}"] = round(wall / requests * 1000, 2)


def measure(client, pages, requests):
    """Uncached and cached first, page by page; the cold counts last, in a pass of their own:
    clearing the caches makes the page cache wait a moment before it stores (prime)."""
    results = {}
    for key, url in pages.items():
        response = client.get(url)  # compiles templates, fills process-level memos
        if response.status_code != 200:
            raise SystemExit(f"{key} {url} answered {response.status_code}")
        row = results[key] = {"url": url, "status": response.status_code, "bytes": len(response.content)}
        for mode in ("uncached", "cached"):
            count(client, url, mode, row)
            timing(client, url, mode, requests, row)
    for key, url in pages.items():
        row = results[key]
        count(client, url, "cold", row)
        print(f"  {key:<20} queries {row['queries_cold']:>3} cold {row['queries_uncached']:>3} uncached"
              f" {row['queries_cached']:>3} cached; Redis {row['redis_uncached']:>3};"
              f" CPU ms {row['cpu_ms_uncached']:>6.2f} uncached"
              f" {row['cpu_ms_cached']:>6.2f} cached  {url}", file=sys.stderr)
    return results


def area(filename):
    """Which part of the stack a profiled function belongs to, by its file."""
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C calls: socket and DB waits, str ops)"
    path = filename.replace("\\", "/")
    for needle, name in (
        ("/psycopg", "psycopg (driver; includes waiting for PostgreSQL)"),
        ("/django/db/", "Django ORM (django.db)"),
        ("/django/template/", "Django templates"),
        ("/django/utils/translation", "Django i18n"),
        ("/wagtail/", "Wagtail"),
        ("/django/", "Django (other)"),
        ("/site-packages/", "other libraries"),
    ):
        if needle in path:
            return name
    if path.startswith(str(BASE_DIR)) and "/.venv/" not in path:
        return "project code"
    return "Python stdlib"


def short(filename):
    for marker in ("/site-packages/", str(BASE_DIR) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.rsplit("/lib/python3", 1)[-1] if "/lib/python3" in filename else filename


def profile(client, url, requests, top, mode):
    """cProfile over `requests` requests in one of MODES: the top entries by cumulative and by
    own time, per request, and the own time summed by area of the stack. Wall time, so waits
    for PostgreSQL and Redis count (a CPU clock costs a system call per event, which distorts
    far more than cProfile already does)."""
    how = MODES[mode]
    profiler = cProfile.Profile()
    with page_cache(how["page_cache"]):
        prime(client, url, mode, cacheable=not url.startswith("/_bench/"))
        for _ in range(requests):
            before_request(how["clear"])
            profiler.enable()
            client.get(url)
            profiler.disable()
    stats = pstats.Stats(profiler).stats
    entries = []
    areas = {}
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.items():
        label = f"{short(filename)}:{line}({name})" if not filename.startswith("~") else name
        entries.append({"function": label, "calls": ncalls / requests,
                        "own_ms": tottime / requests * 1000, "cum_ms": cumtime / requests * 1000})
        key = area(filename)
        areas[key] = areas.get(key, 0) + tottime / requests * 1000

    def rounded(rows):
        return [{**r, "calls": round(r["calls"], 1), "own_ms": round(r["own_ms"], 3),
                 "cum_ms": round(r["cum_ms"], 3)} for r in rows]

    # The test Client, the handler and the middleware wrap every request (each one's cumulative
    # time is the whole request's): start the cumulative list below them.
    wrappers = ("django/test/", "django/core/handlers/", "django/utils/deprecation.py", "benchmarks/", "<")
    by_cum = [e for e in sorted(entries, key=lambda e: -e["cum_ms"])
              if not e["function"].startswith(wrappers) and "middleware" not in e["function"]
              and "disable" not in e["function"]]
    return {
        "url": url,
        "requests": requests,
        "total_ms": round(sum(areas.values()), 2),
        "by_cumulative": rounded(by_cum[:top]),
        "by_own": rounded(sorted(entries, key=lambda e: -e["own_ms"])[:top]),
        "by_area": {k: round(v, 2) for k, v in sorted(areas.items(), key=lambda kv: -kv[1])},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10, help="requests per page for the CPU timing")
    parser.add_argument("--profile", default="all", help="page keys to profile, comma-separated, or all")
    parser.add_argument("--profile-requests", type=int, default=5)
    parser.add_argument("--top", type=int, default=25, help="profile entries to keep")
    parser.add_argument("--only", default="", help="page keys to measure, comma-separated (default all)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    sys.path.insert(0, str(BASE_DIR))
    django.setup()
    from django.test import Client

    pages = resolve_pages()
    if args.only:
        keep = {"bare", *args.only.split(",")}
        pages = {k: v for k, v in pages.items() if k in keep}
    client = Client()
    print("In-process: queries and CPU per request", file=sys.stderr)
    result = {"pages": pages, "data": data_size(), "inprocess": measure(client, pages, args.requests),
              "profiles": {}}
    wanted = pages if args.profile == "all" else [k for k in args.profile.split(",") if k in pages]
    for key in wanted:
        print(f"  profiling {key}", file=sys.stderr)
        result["profiles"][key] = {
            "uncached": profile(client, pages[key], args.profile_requests, args.top, "uncached"),
            "cached": profile(client, pages[key], args.profile_requests, args.top, "cached"),
        }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
