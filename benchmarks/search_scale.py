#!/usr/bin/env python
"""Search at scale (issue 12): latency of typical directory and job searches with facets on data
set L, on PostgreSQL, with the database backend.

    .venv/bin/python benchmarks/search_scale.py                                 # L: 100,000 / 1,000,000
    .venv/bin/python benchmarks/search_scale.py --agencies 10000 --jobs 100000  # a quicker, smaller run

1. A fresh PostgreSQL database (`--database`, default zjcs_bench_search; dropped at the end unless
   `--keep`; `--reuse` measures a database kept by an earlier run), migrated, `seed_demo`, then
   `seed_scale --agencies A --jobs J --bids-per-job B` (L is 100,000 agencies and 1,000,000 jobs;
   the bids are a stated fraction — one per job by default, L has five — and no reviews are made:
   neither is indexed, a job's winner is named by its bid).
2. Times `manage.py search_rebuild --backend database` (every kind), then VACUUM ANALYZE.
3. Runs each typical query (QUERIES: the directory's and the notices' searches with the facets
   their /search/ tab counts, as search.forms asks) `--repeat` times through search.api.search
   after one warm-up, and prints p50/p95 per query and per page (directory, jobs) and overall.
4. EXPLAIN (ANALYZE, BUFFERS) of the slowest SQL statement of every query whose p95 misses the
   target; replaces its section of benchmarks/RESULTS.md (between `<!-- search-scale:start -->`
   and `<!-- search-scale:end -->`) unless --no-results.

Figures, run by hand; not a test. Needs PostgreSQL on 127.0.0.1:5432 (trust auth for postgres).
Target (DESIGN.md): p95 under 100 ms for directory and job search on L on this 2-core machine.
"""
import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import (  # noqa: E402
    call_quietly,
    commit_id,
    drop_database,
    log,
    machine,
    postgres_version,
    production_environment,
    recreate_database,
    replace_section,
)

START, END = "<!-- search-scale:start -->", "<!-- search-scale:end -->"
TARGET_MS = 100
L_AGENCIES, L_JOBS = 100_000, 1_000_000

# (name, page, text, filters). A text "{project_code}" is a scale job's investment project code.
QUERIES = [
    ("directory: 环评 (region facet)", "agency", "环评", {}),
    ("directory: 环评 in 四川省", "agency", "环评", {"region": "510000"}),
    ("directory: 水保 杭州", "agency", "水保 杭州", {}),
    ("directory: agency name part 恒信", "agency", "恒信", {}),
    ("directory: pinyin huanping", "agency", "huanping", {}),
    ("directory: no text, grade A in 德阳市", "agency", "", {"region": "510600", "grade": "A"}),
    ("jobs: 环评 + status + method", "job", "环评", {"status": "completed", "method": "random"}),
    ("jobs: 污水处理厂 环评", "job", "污水处理厂 环评", {}),
    ("jobs: project code", "job", "{project_code}", {}),
    ("jobs: no text, 德阳市 + completed", "job", "", {"region": "510600", "status": "completed"}),
    ("jobs: pinyin shuibao", "job", "shuibao", {}),
    # /search/ over every kind (not among the target's pages, shown for what it costs)
    ("everything: 环评", "", "环评", {}),
    ("everything: 水土保持方案", "", "水土保持方案", {}),
]
PAGES = {"agency": "directory", "job": "jobs", "": "everything"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=L_AGENCIES)
    parser.add_argument("--jobs", type=int, default=L_JOBS)
    parser.add_argument("--bids-per-job", type=int, default=1, help="L has five; bids are not indexed")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each query")
    parser.add_argument("--database", default="zjcs_bench_search")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a database kept by an earlier --keep run")
    parser.add_argument("--skip-rebuild", action="store_true", help="with --reuse: keep its index as it is")
    parser.add_argument("--no-results", action="store_true", help="do not write benchmarks/RESULTS.md")
    parser.add_argument("--seed-only", action="store_true",
                        help="seed the database, keep it and stop (measure it later with --reuse)")
    return parser.parse_args()


def database_url(args):
    return f"{args.pg}/{args.database}"


def configure(args):
    os.environ.update({**production_environment(database_url(args), "search-benchmark-only"),
                       "SEARCH_BACKEND": "database"})


def command(name, *arguments, **options):
    started = time.monotonic()
    out = call_quietly(name, *arguments, **options)
    return time.monotonic() - started, out.strip()


# --- the data and the index ----------------------------------------------------------------------

def seed(args):
    log("==> migrate")
    command("migrate", interactive=False, verbosity=0)
    log("==> seed_demo")
    demo_seconds, _out = command("seed_demo", verbosity=0)
    log(f"    {demo_seconds:.0f} s")
    log(f"==> seed_scale --agencies {args.agencies} --jobs {args.jobs} --bids-per-job {args.bids_per_job}")
    scale_seconds, out = command("seed_scale", agencies=args.agencies, jobs=args.jobs,
                                 bids_per_job=args.bids_per_job, verbosity=1)
    log(f"    {scale_seconds:.0f} s: {' '.join(out.split())}")
    return demo_seconds, scale_seconds


def rebuild():
    from django.db import connection

    log("==> search_rebuild --backend database")
    seconds, out = command("search_rebuild", backend="database", verbosity=1)
    log(f"    {seconds:.0f} s: {' '.join(out.split())}")
    with connection.cursor() as cursor:
        for table in ("search_searchentry", "search_searchtag"):
            cursor.execute(f'VACUUM ANALYZE "{table}"')
    return seconds, out


def shared_buffers():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        return cursor.fetchone()[0]


def index_size():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, count(*) FROM search_searchentry GROUP BY kind ORDER BY kind")
        counts = dict(cursor.fetchall())
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchentry') "
                       "+ pg_total_relation_size('search_searchtag'))")
        return counts, cursor.fetchone()[0]


# --- the queries ---------------------------------------------------------------------------------

def project_code():
    from bidding.selectors.public import public_jobs

    jobs = public_jobs().exclude(project_code="").order_by("-pk")
    return jobs.values_list("project_code", flat=True).first() or ""


def request(page, text, filters):
    from search import text as search_text
    from search.forms import FACETS_BY_KIND
    from search.query import SearchQuery

    return SearchQuery(text=search_text.normalise(text), kinds=(page,) if page else (), filters=dict(filters),
                       facets=FACETS_BY_KIND[page])


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def measure(args, code):
    from search import api

    rows = []
    for name, page, text, filters in QUERIES:
        query = request(page, text.replace("{project_code}", code), filters)
        first = api.search(query, backend="database")  # warm-up (and the lexicon built once)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            api.search(query, backend="database")
            times.append((time.perf_counter() - started) * 1000)
        rows.append({"name": name, "page": PAGES[page], "query": query, "total": first.count,
                     "times": times, "p50": percentile(times, 0.5),
                     "p95": percentile(times, 0.95)})
        log(f"    {name:<40} total {str(first.count):>9}  p50 {rows[-1]['p50']:7.1f} ms  p95 {rows[-1]['p95']:7.1f} ms")
    return rows


def explain(row):
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest statement the query runs."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from search import api
    from search.backends import database_pg

    with CaptureQueriesContext(connection) as captured:
        api.search(row["query"], backend="database")
    statements = [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    if not statements:
        return "", ""
    slowest = max(statements, key=lambda q: float(q["time"]))
    in_sql = sum(float(q["time"]) for q in statements) * 1000
    with transaction.atomic(), connection.cursor() as cursor:
        database_pg.prepare_search()   # the search's own settings (work_mem)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        plan = "\n".join(line for (line,) in cursor.fetchall())
    return slowest["sql"], (f"{len(statements)} statements, {in_sql:.0f} ms in SQL, slowest "
                            f"{float(slowest['time']) * 1000:.0f} ms:\n{plan}")


# --- reporting ------------------------------------------------------------------------------------

def pooled(rows, page=None):
    times = [t for row in rows if page is None or row["page"] == page for t in row["times"]]
    return (percentile(times, 0.5), percentile(times, 0.95)) if times else (0.0, 0.0)


def section(f):
    full = f["agencies"] >= L_AGENCIES and f["jobs"] >= L_JOBS
    size = ("data set L" if full else
            f"**a scaled-down run** ({f['agencies']:,} agencies and {f['jobs']:,} jobs, "
            f"{f['agencies'] / L_AGENCIES:.0%} and {f['jobs'] / L_JOBS:.0%} of L)")
    counts = ", ".join(f"{kind} {count:,}" for kind, count in f["counts"].items())
    lines = [
        START,
        "## Search at scale (issue 12)",
        "",
        "Written by `benchmarks/search_scale.py` (`.venv/bin/python benchmarks/search_scale.py "
        "[--agencies N --jobs N]`): a fresh PostgreSQL database with `seed_demo` and `seed_scale`, "
        "`search_rebuild --backend database` timed, then "
        f"each typical query run {f['repeat']} times (after a warm-up) through `search.api.search` with the facets its "
        "/search/ tab counts (directory: kind, item, category, region, grade, rating, standing; jobs: kind, item, "
        "category, region, status, method, price), 20 hits a page. In-process: the Python time of parsing the query, "
        "the SQL and dressing the results; no HTTP. A search of more than 1,000 matches is broad: its total and "
        "facet counts are estimated from a sample of the index, 1 in 256, 64 or 16 (\"约\" below), and its page "
        "ordered without the text score (README, the database backend).",
        "",
        f"Run {f['started']:%Y-%m-%d %H:%M} UTC, commit {f['commit']}. Machine: {f['machine']}, PostgreSQL "
        f"{f['postgres']} with shared_buffers = {f['shared_buffers']}; load average {f['load_before']} before the "
        f"queries and {f['load_after']} after "
        "(the machine is shared: a high load means other work ran at the same time).",
        "",
        f"Data: {size} on top of the demo; {f['bids_per_job']} bid per job (L has five; bids are not indexed) and no "
        "reviews (not indexed either). "
        + (f"Seeded in {f['seed_seconds']:.0f} s. " if f["seed_seconds"] else "Seeded by an earlier run (--reuse). ")
        + f"Index: {counts} documents, {f['index_size']} (entries and facet tags with their indexes); "
        + (rebuild_line(f, full) if f["rebuild_seconds"] else "the index kept from an earlier run (--skip-rebuild)."),
        "",
        "| query | page | hits | p50 | p95 |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in f["rows"]:
        mark = " ⚠" if row["p95"] >= TARGET_MS else ""
        lines.append(f"| {row['name']} | {row['page']} | {row['total']} | {row['p50']:.1f} ms | "
                     f"{row['p95']:.1f} ms{mark} |")
    for page in ("directory", "jobs", "everything"):
        p50, p95 = pooled(f["rows"], page)
        lines.append(f"| **all {page} queries** | {page} | | {p50:.1f} ms | **{p95:.1f} ms** |")
    p50, p95 = pooled(f["rows"])
    lines.append(f"| **overall** | | | {p50:.1f} ms | **{p95:.1f} ms** |")
    met = all(pooled(f["rows"], page)[1] < TARGET_MS for page in ("directory", "jobs"))
    lines += ["", f"Target (DESIGN.md): p95 under {TARGET_MS} ms for directory and job search on L — "
              + ("**MET**" if met else "**MISSED**") + (" on this run" if full else
                                                        " on this scaled-down run (not yet measured on L)") + "."]
    if f["plans"]:
        lines += ["", "The slowest statement of each query over the target, EXPLAIN (ANALYZE, BUFFERS), first lines:"]
        for name, plan in f["plans"]:
            head = "\n".join(plan.splitlines()[:14])
            lines += ["", f"{name}:", "", "```", head, "```"]
    lines += ["", END]
    return "\n".join(lines)


def rebuild_line(f, full):
    rate = f["documents"] / f["rebuild_seconds"]
    line = f"`search_rebuild` took **{f['rebuild_seconds']:.0f} s** ({rate:,.0f} documents/s"
    if not full:
        line += f"; at that rate L's {L_AGENCIES + L_JOBS:,} documents would take about " \
                f"{(L_AGENCIES + L_JOBS) / rate / 3600:.1f} h"
    return line + ")."


def main():
    args = parse_args()
    started = datetime.datetime.now(datetime.UTC)
    if args.agencies < L_AGENCIES or args.jobs < L_JOBS:
        log(f"NOTE: a scaled-down run ({args.agencies:,} agencies, {args.jobs:,} jobs); L is "
            f"{L_AGENCIES:,} and {L_JOBS:,}. The figures are not L's.")
    configure(args)
    if not args.reuse:
        recreate_database(database_url(args))
    import django

    django.setup()
    from django.conf import settings

    settings.SEARCH_INDEX_ON_CHANGE = False  # seed_scale announces everything: the rebuild is timed here instead
    try:
        seed_seconds = sum(seed(args)) if not args.reuse else 0.0
        if args.seed_only:
            args.keep = True
            log(f"==> seeded in {seed_seconds:.0f} s; kept as {args.database} (measure it with --reuse)")
            return
        rebuild_seconds = 0.0
        if not (args.reuse and args.skip_rebuild):
            rebuild_seconds, _out = rebuild()
        counts, size = index_size()
        machine_line, load_before = machine()
        log(f"==> queries ({args.repeat} timed runs each)")
        rows = measure(args, project_code())
        _, load_after = machine()
        plans = []
        for row in rows:
            if row["p95"] >= TARGET_MS:
                _sql, plan = explain(row)
                plans.append((row["name"], plan))
                log(f"\n--- {row['name']}\n{plan}")
        for page in ("directory", "jobs", "everything"):
            p50, p95 = pooled(rows, page)
            log(f"    all {page:<10} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
        p50, p95 = pooled(rows)
        log(f"    overall        p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
        figures = {
            "started": started, "commit": commit_id(), "machine": machine_line, "postgres": postgres_version(),
            "shared_buffers": shared_buffers(),
            "load_before": load_before, "load_after": load_after, "agencies": args.agencies, "jobs": args.jobs,
            "bids_per_job": args.bids_per_job, "repeat": args.repeat, "seed_seconds": seed_seconds,
            "rebuild_seconds": rebuild_seconds, "counts": counts, "documents": sum(counts.values()),
            "index_size": size, "rows": rows, "plans": plans,
        }
        if not args.no_results:
            replace_section(START, END, section(figures))
            log("==> wrote its section of benchmarks/RESULTS.md")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(database_url(args))


if __name__ == "__main__":
    main()
