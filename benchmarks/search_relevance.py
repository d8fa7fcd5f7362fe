#!/usr/bin/env python
"""Search relevance (issue 12): recall@10 and nDCG@10 of every backend over the relevance set.

    .venv/bin/python benchmarks/search_relevance.py                         # both backends
    .venv/bin/python benchmarks/search_relevance.py --backend database
    .venv/bin/python benchmarks/search_relevance.py --database-url postgres://postgres@127.0.0.1:5432/zjcs_bench_relevance

1. A fresh database: a temporary SQLite file by default, or the PostgreSQL database named by
   `--database-url` (dropped and created again); migrated and seeded with `manage.py seed_demo`.
   `--no-seed` measures the database at `--database-url` as it is (a quicker second run).
2. For each backend: `manage.py search_rebuild --backend <name>` (timed). Elasticsearch is the
   cluster at ELASTICSEARCH_URL, or else an osmem-server started here (an in-memory
   OpenSearch-compatible server, as the test suite uses).
3. Runs every query of benchmarks/relevance/queries.toml through search.api.search (the page's
   kinds and filters, 10 hits, as the pages ask) and scores the ranked hits against the graded
   expectations: nDCG@10 (gain 2^grade − 1, log2 discount; the ideal ranking is the expected
   results by grade) and recall@10 (expected results found in the first ten, out of
   min(expected, 10)). Expected results are named by natural keys (item code, USCC or exact
   name, job title, page slug …) and resolved here to the documents' refs.
4. Prints the figures per backend, overall and per query group, and the worst queries with what
   came back and what was missed; replaces its section of benchmarks/RESULTS.md (between
   `<!-- search-relevance:start -->` and `<!-- search-relevance:end -->`) unless --no-results.

Figures, run by hand; not a test. Target (issue 12): nDCG@10 ≥ 0.9 on the database backend.
"""
import argparse
import datetime
import math
import os
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import RESULTS, call_quietly, commit_id, log, recreate_database, replace_section  # noqa: E402

QUERIES = ROOT / "benchmarks" / "relevance" / "queries.toml"
START, END = "<!-- search-relevance:start -->", "<!-- search-relevance:end -->"
TOP = 10
TARGET = 0.9
BACKENDS = ("database", "elasticsearch")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all")
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL database to (re)create and seed (default: a temporary SQLite file)")
    parser.add_argument("--no-seed", action="store_true",
                        help="use the database at --database-url as it is (already seeded)")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--only", default=None, help="run only the queries whose id contains this")
    parser.add_argument("--worst", type=int, default=12, help="how many of the worst queries to list")
    parser.add_argument("--no-results", action="store_true", help="do not write benchmarks/RESULTS.md")
    args = parser.parse_args()
    if args.no_seed and not args.database_url:
        parser.error("--no-seed needs --database-url")
    return args


# --- setting up ---------------------------------------------------------------------------------

def configure(args):
    """The environment Django starts with: the database, no indexing while seeding (the
    benchmark rebuilds the index itself, and times that), the cluster for Elasticsearch."""
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='zjcs-relevance-')}/relevance.db"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    })
    server = None
    if args.backend in ("elasticsearch", "all") and not os.environ.get("ELASTICSEARCH_URL"):
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False)
        os.environ["ELASTICSEARCH_URL"] = server.url
        log(f"==> osmem-server {server.version} at {server.url}")
    if url.startswith("postgres") and not args.no_seed:
        recreate_database(url)
    return url, server


def quiet(command, *arguments, **options):
    return call_quietly(command, *arguments, verbosity=0, **options)


def seed():
    log("==> migrate")
    quiet("migrate", interactive=False)
    log("==> seed_demo (a few minutes on SQLite)")
    started = time.monotonic()
    quiet("seed_demo")
    return time.monotonic() - started


def rebuild(backend, osmem):
    from django.conf import settings

    if backend == "elasticsearch" and osmem is not None:
        settings.ELASTICSEARCH_COMPATIBILITY_HEADER = False  # osmem speaks plain JSON
    started = time.monotonic()
    output = quiet("search_rebuild", backend=backend)
    return time.monotonic() - started, output.strip().splitlines()


# --- the relevance set ------------------------------------------------------------------------

def load_queries(path, only=None):
    queries = tomllib.loads(path.read_text())["query"]
    ids = [query["id"] for query in queries]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SystemExit(f"{path}: ids used twice: {sorted(duplicates)}")
    return [query for query in queries if not only or only in query["id"]]


class Resolver:
    """Natural keys (and rules) of the relevance file → the documents' (kind, ref)."""

    def __init__(self):
        self.unresolved = []

    def expected(self, query):
        """{(kind, ref): grade}: rules first (the highest grade a result gets from any rule),
        then explicit keys, which override (0 drops a result)."""
        grades, explicit = {}, {}
        for key, grade in query.get("expect", {}).items():
            refs = self.resolve(key)
            if not refs:
                self.unresolved.append((query["id"], key))
            target = grades if self.is_rule(key) else explicit
            for ref in refs:
                target[ref] = max(grade, target.get(ref, 0)) if target is grades else grade
        grades.update(explicit)
        return {ref: grade for ref, grade in grades.items() if grade > 0}

    @staticmethod
    def is_rule(key):
        return key.split(":", 1)[0] in ("agencies-offering", "agencies-named", "jobs-of-item")

    def resolve(self, key):
        kind, _sep, value = key.partition(":")
        method = getattr(self, "_" + kind.replace("-", "_"), None)
        if method is None:
            raise SystemExit(f"unknown key kind in {key!r}")
        return [(kind_, ref) for kind_, ref in method(value)]

    @staticmethod
    def _item(code):
        from marketplace.models import ServiceItem

        return [("item", pk) for pk in ServiceItem.objects.filter(code=code).values_list("pk", flat=True)]

    @staticmethod
    def _agency(value):
        from providers.models import Organisation

        agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
        field = "uscc" if len(value) == 18 and value[:2].isdigit() else "name"
        return [("agency", pk) for pk in agencies.filter(**{field: value}).values_list("pk", flat=True)]

    @staticmethod
    def _job(title):
        from bidding.selectors.public import public_jobs

        return [("job", pk) for pk in public_jobs().filter(title=title).values_list("pk", flat=True)]

    @staticmethod
    def _policy(slug):
        from wagtail.models import Page

        return [("policy", pk) for pk in Page.objects.live().filter(slug=slug).values_list("pk", flat=True)]

    @staticmethod
    def _notice(value):
        from oversight.models import Complaint, InspectionCampaign
        from reviews.models import BlacklistEntry
        from search.sources import notices

        source, _sep, name = value.partition(":")
        if source == "blacklist":
            rows, number = BlacklistEntry.objects.filter(agency__name=name), notices.BLACKLIST
        elif source == "complaint":
            rows, number = Complaint.objects.filter(summary=name), notices.COMPLAINT
        elif source == "inspection":
            rows, number = InspectionCampaign.objects.filter(title__contains=name), notices.INSPECTION
        else:
            raise SystemExit(f"unknown notice source in notice:{value}")
        return [("notice", notices.ref_of(number, pk)) for pk in rows.values_list("pk", flat=True)]

    @staticmethod
    def _agencies_offering(value):
        from django.db.models import Q

        from providers.models import Organisation

        codes, _sep, region = value.partition("@")
        offered = Q()
        for prefix in codes.split(","):
            offered |= Q(services__item__code__startswith=prefix.strip())
        rows = Organisation.objects.filter(offered, kind=Organisation.Kind.AGENCY,
                                           region__code__startswith=region)
        return [("agency", pk) for pk in rows.values_list("pk", flat=True).distinct()]

    @staticmethod
    def _agencies_named(value):
        from providers.models import Organisation

        part, _sep, region = value.partition("@")
        rows = Organisation.objects.filter(kind=Organisation.Kind.AGENCY, name__contains=part,
                                           region__code__startswith=region)
        return [("agency", pk) for pk in rows.values_list("pk", flat=True)]

    @staticmethod
    def _jobs_of_item(value):
        from django.db.models import Q

        from bidding.selectors.public import public_jobs

        of_item = Q()
        for prefix in value.split(","):
            of_item |= Q(item__code__startswith=prefix.strip())
        return [("job", pk) for pk in public_jobs().filter(of_item).values_list("pk", flat=True)]

    def text(self, query):
        if "code_of" not in query:
            return query.get("text", "")
        kind, _sep, title = query["code_of"].partition(":")
        from bidding.models import Job

        code = Job.objects.filter(title=title).values_list("project_code", flat=True).first() if kind == "job" else None
        if not code:
            self.unresolved.append((query["id"], query["code_of"]))
        return code or ""


# --- measuring ----------------------------------------------------------------------------------

def dcg(grades):
    return sum((2 ** grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades))


def score(ranked, expected):
    """(nDCG@10, recall@10) of the ranked (kind, ref)s against {(kind, ref): grade}."""
    if not expected:
        return None, None
    top = ranked[:TOP]
    ideal = dcg(sorted(expected.values(), reverse=True)[:TOP])
    found = sum(1 for ref in top if ref in expected)
    return dcg([expected.get(ref, 0) for ref in top]) / ideal, found / min(len(expected), TOP)


def run_query(query, text, backend):
    from search import api
    from search import text as search_text
    from search.query import SearchQuery

    request = SearchQuery(text=search_text.normalise(text), kinds=tuple(query.get("kinds", ())),
                          filters=dict(query.get("filters", {})), page_size=TOP, highlight=False)
    started = time.perf_counter()
    results = api.search(request, backend=backend)
    elapsed = time.perf_counter() - started
    return results, elapsed


def measure(queries, backend, resolver):
    rows = []
    for query in queries:
        expected = resolver.expected(query)
        text = resolver.text(query)
        results, elapsed = run_query(query, text, backend)
        ranked = [(hit.kind, hit.ref) for hit in results.hits]
        ndcg, recall = score(ranked, expected)
        followed = ndcg
        if not results.hits and results.suggestion:  # what one click on "did you mean" shows
            again, _elapsed = run_query(query, results.suggestion, backend)
            followed, _recall = score([(hit.kind, hit.ref) for hit in again.hits], expected)
        rows.append({
            "id": query["id"], "group": query.get("group", "other"), "text": text, "kinds": query.get("kinds", []),
            "filters": query.get("filters", {}), "ndcg": ndcg, "recall": recall, "followed": followed,
            "total": results.total,
            "ms": elapsed * 1000, "suggestion": results.suggestion, "message": results.message,
            "hits": [(hit.kind, hit.ref, hit.title, expected.get((hit.kind, hit.ref), 0)) for hit in results.hits],
            "missed": sorted(((grade, ref) for ref, grade in expected.items() if ref not in ranked[:TOP]),
                             reverse=True),
            "expected": len(expected),
        })
    return rows


def summary(rows):
    scored = [row for row in rows if row["ndcg"] is not None]
    if not scored:
        return {"queries": 0, "ndcg": 0.0, "recall": 0.0, "followed": 0.0, "perfect": 0, "zero": 0}
    return {
        "queries": len(scored),
        "ndcg": sum(row["ndcg"] for row in scored) / len(scored),
        "recall": sum(row["recall"] for row in scored) / len(scored),
        "followed": sum(row["followed"] for row in scored) / len(scored),
        "perfect": sum(1 for row in scored if row["ndcg"] >= 0.999),
        "zero": sum(1 for row in scored if row["ndcg"] == 0),
    }


def by_group(rows):
    groups = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    return {group: summary(members) for group, members in groups.items()}


def titles_of(refs):
    """Titles of expected results that did not come back, for the report (one query per kind)."""
    from wagtail.models import Page

    from bidding.models import Job
    from marketplace.models import ServiceItem
    from providers.models import Organisation
    from search.sources import notices

    wanted = {}
    for kind, ref in refs:
        wanted.setdefault(kind, set()).add(ref)
    names = {}
    lookups = {"item": (ServiceItem, "name"), "agency": (Organisation, "name"), "job": (Job, "title"),
               "policy": (Page, "title")}
    for kind, (model, field) in lookups.items():
        for pk, name in model.objects.filter(pk__in=wanted.get(kind, ())).values_list("pk", field):
            names[(kind, pk)] = name
    for ref in wanted.get("notice", ()):
        source, pk = notices.split(ref)
        names[("notice", ref)] = f"{notices.SOURCES.get(source, '?')} #{pk}"
    return names


# --- reporting ----------------------------------------------------------------------------------

def describe(row):
    where = "site-wide" if not row["kinds"] else "/".join(row["kinds"])
    filters = "".join(f" {name}={value}" for name, value in row["filters"].items())
    return f"`{row['text'] or '(empty)'}` ({where}{filters})"


def print_report(backend, rows, rebuild_seconds, worst):
    overall = summary(rows)
    log(f"\n== {backend}: {overall['queries']} queries, nDCG@10 {overall['ndcg']:.3f}, "
        f"recall@10 {overall['recall']:.3f}, nDCG@10 with did-you-mean followed {overall['followed']:.3f}; "
        f"perfect {overall['perfect']}, none found {overall['zero']}; "
        f"index rebuilt in {rebuild_seconds:.1f} s")
    for group, figures in sorted(by_group(rows).items()):
        log(f"   {group:<14} {figures['queries']:>3} queries  nDCG@10 {figures['ndcg']:.3f}  "
            f"recall@10 {figures['recall']:.3f}  followed {figures['followed']:.3f}")
    log(f"   worst {worst}:")
    for row in worst_rows(rows, worst):
        log(f"   {row['ndcg']:.2f} {row['id']}: {describe(row)} total {row['total']}"
            + (f", did you mean {row['suggestion']}" if row["suggestion"] else ""))
        for kind, ref, title, grade in row["hits"][:5]:
            log(f"        got  [{grade}] {kind}:{ref} {title}")
        for grade, (kind, ref) in row["missed"][:4]:
            log(f"        miss [{grade}] {kind}:{ref} {row['missed_titles'].get((kind, ref), '')}")


def worst_rows(rows, count):
    scored = [row for row in rows if row["ndcg"] is not None and row["ndcg"] < 0.999]
    return sorted(scored, key=lambda row: (row["ndcg"], row["id"]))[:count]


def section(figures):
    lines = [
        START,
        "## Search relevance (issue 12)",
        "",
        "Written by `benchmarks/search_relevance.py` (`.venv/bin/python benchmarks/search_relevance.py "
        "[--backend database|elasticsearch|all] [--database-url postgres://…]`): a fresh database seeded with "
        "`seed_demo`, `search_rebuild` per backend, then every query of `benchmarks/relevance/queries.toml` "
        f"({figures['count']} realistic queries: the trade's abbreviations, full and partial item names, pinyin, "
        "traditional characters, typos, region + item, credit grade + item, agency names, exact codes, job titles, "
        "policies and notices) run through `search.api.search` as the pages ask (their kinds and filters, 10 hits), "
        "scored against graded expectations (3 the one wanted, 2 very relevant, 1 relevant; judged by reading the "
        "demo data). nDCG@10 with gain 2^grade − 1; recall@10 = expected results in the first ten / min(expected, 10). "
        "The headline figures score the hits as returned; \"did-you-mean followed\" scores, for a query answered with "
        "no hits but a suggestion, the suggestion's hits instead (what one click shows).",
        "",
        f"Run {figures['started']:%Y-%m-%d %H:%M} UTC, commit {figures['commit']}, database {figures['database']}.",
        "",
        "| backend | queries | nDCG@10 | recall@10 | nDCG@10, did-you-mean followed | perfect | nothing relevant "
        "| median query | index rebuild |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for backend, data in figures["backends"].items():
        overall = summary(data["rows"])
        lines.append(
            f"| {backend} | {overall['queries']} | **{overall['ndcg']:.3f}** | {overall['recall']:.3f} | "
            f"{overall['followed']:.3f} | "
            f"{overall['perfect']} | {overall['zero']} | {median([row['ms'] for row in data['rows']]):.0f} ms | "
            f"{data['rebuild']:.1f} s |")
    lines += ["", "Per query group (nDCG@10 / recall@10):", ""]
    groups = sorted({row["group"] for data in figures["backends"].values() for row in data["rows"]})
    names = list(figures["backends"])
    lines.append("| group | queries | " + " | ".join(names) + " |")
    lines.append("| --- | ---: | " + " | ".join("---:" for _ in names) + " |")
    for group in groups:
        cells, count = [], 0
        for name in names:
            figures_ = by_group(figures["backends"][name]["rows"]).get(group)
            count = figures_["queries"] if figures_ else count
            cells.append(f"{figures_['ndcg']:.3f} / {figures_['recall']:.3f}" if figures_ else "–")
        lines.append(f"| {group} | {count} | " + " | ".join(cells) + " |")
    for backend, data in figures["backends"].items():
        bad = worst_rows(data["rows"], figures["worst"])
        if not bad:
            continue
        lines += ["", f"Worst queries on {backend} (nDCG@10, query, what came first, what was missed):", ""]
        for row in bad:
            got = "; ".join(f"[{grade}] {title}" for _kind, _ref, title, grade in row["hits"][:3]) or "nothing"
            missed = "; ".join(f"[{grade}] {row['missed_titles'].get(ref, ref)}" for grade, ref in row["missed"][:3])
            hint = f" — did you mean {row['suggestion']}" if row["suggestion"] else ""
            lines.append(f"- {row['ndcg']:.2f} `{row['id']}` {describe(row)}, {row['total']} hits{hint}. "
                         f"First: {got}. Missed: {missed or '–'}.")
    met = [name for name in names if name == "database"]
    if met:
        value = summary(figures["backends"]["database"]["rows"])["ndcg"]
        lines += ["", f"Target (issue 12): nDCG@10 ≥ {TARGET} on the database backend — "
                  + ("**MET**" if value >= TARGET else "**MISSED**") + f" ({value:.3f})."]
    if figures["unresolved"]:
        lines += ["", "Expected results not found in the data (the relevance file needs a look): "
                  + ", ".join(f"`{qid}` {key}" for qid, key in sorted(set(figures["unresolved"]))) + "."]
    lines += ["", END]
    return "\n".join(lines)


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


# --- the run --------------------------------------------------------------------------------------

def main():
    args = parse_args()
    started = datetime.datetime.now(datetime.UTC)
    url, osmem = configure(args)
    try:
        import django

        django.setup()
        from django.conf import settings

        settings.SEARCH_INDEX_ON_CHANGE = False  # the benchmark rebuilds (and times) the index itself
        if args.no_seed:
            quiet("migrate", interactive=False)
        else:
            log(f"    seeded in {seed():.0f} s")
        queries = load_queries(args.queries, args.only)
        backends = BACKENDS if args.backend == "all" else (args.backend,)
        figures = {"started": started, "commit": commit_id(), "count": len(queries), "worst": args.worst,
                   "database": "PostgreSQL" if url.startswith("postgres") else "SQLite", "backends": {},
                   "unresolved": []}
        for backend in backends:
            log(f"==> search_rebuild --backend {backend}")
            seconds, output = rebuild(backend, osmem)
            log("    " + "; ".join(output) + f" ({seconds:.1f} s)")
            resolver = Resolver()
            rows = measure(queries, backend, resolver)
            missed = {ref for row in rows for _grade, ref in row["missed"]}
            names = titles_of(missed)
            for row in rows:
                row["missed_titles"] = names
            figures["backends"][backend] = {"rows": rows, "rebuild": seconds}
            figures["unresolved"] = resolver.unresolved
            print_report(backend, rows, seconds, args.worst)
        if figures["unresolved"]:
            log("\nNot found in the data: " + ", ".join(f"{q} {k}" for q, k in sorted(set(figures["unresolved"]))))
        if not args.no_results:
            replace_section(START, END, section(figures))
            log(f"==> wrote its section of {RESULTS.relative_to(ROOT)}")
    finally:
        if osmem is not None:
            osmem.close()


if __name__ == "__main__":
    main()
