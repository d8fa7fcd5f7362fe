#!/usr/bin/env python
"""Page benchmark (issue 7): every public page type against a bare Django view, in one run.

One command, from the project folder (needs PostgreSQL on 127.0.0.1:5432 with trust auth for
user postgres, Redis on 127.0.0.1:6379 and Debian's wrk, which it installs when run as root):

    benchmarks/run                  # small data (seed_demo), about 4 minutes
    benchmarks/run --size large     # seed_demo + seed_scale: 100,000 agencies, 1,000,000 jobs
    benchmarks/run --size both      # both, one after the other

For each size it (re)creates a PostgreSQL database (`zjcs_bench`, `zjcs_bench_large`; dropped
and recreated unless --keep), migrates and seeds it, collects static files, then

1. in-process, with Django's test Client (benchmarks/inprocess.py): finds each page's URL in
   the data, counts SQL queries per page with a cold cache and a warm one, times the CPU of a
   request and profiles every page with cProfile;
2. starts gunicorn (`gunicorn config.wsgi`, DJANGO_SETTINGS_MODULE=benchmarks.settings, i.e.
   production settings plus /_bench/bare/; 2 sync workers) twice: uncached (the page cache
   off, PAGE_CACHE_ENABLED=False; the smaller caches warm in Redis) and cached (production's
   Redis cache, flushed first, filled by the warm-up);
   each time measures the bare view first and last and every page between, each with a wrk
   warm-up and then `wrk -t2 -c16 -d5s`;
3. writes benchmarks/results/pages-<size>.json and its section of benchmarks/RESULTS.md
   (between <!-- pages:start --> and <!-- pages:end -->): req/s, p50, p99, ratio to the bare
   view, queries, CPU ms, the targets met or missed, and the profiles of the pages that miss.

Figures, run by hand; not a test. Other options: --help.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
RESULTS_MD = BENCH_DIR / "RESULTS.md"
RESULTS_JSON = BENCH_DIR / "results"
WORK_DIR = BASE_DIR / "var" / "bench"
START, END = "<!-- pages:start -->", "<!-- pages:end -->"

sys.path.insert(0, str(BASE_DIR))
from benchmarks.common import replace_section  # noqa: E402
from benchmarks.inprocess import LISTS, PAGE_LABELS  # noqa: E402

# Issue 7's targets.
CACHED_RATIO, UNCACHED_RATIO, P99_MS, LIST_P95_MS, PROSE_CPU_MS, PROSE_QUERIES = 0.5, 0.2, 100, 100, 5, 4


STARTED = time.monotonic()


def log(message):
    if message.startswith("==>"):
        message = f"{message}  [{time.monotonic() - STARTED:.0f} s]"
    print(message, file=sys.stderr, flush=True)


def run(command, env, **kwargs):
    log("$ " + " ".join(str(c) for c in command))
    return subprocess.run(command, env=env, cwd=BASE_DIR, check=True, **kwargs)


# ---------------------------------------------------------------- environment and data


def environment(args, database, cache):
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": f"{args.postgres}/{database}",
        "CONN_MAX_AGE": str(args.conn_max_age),
        "CACHE_URL": args.cache_url,
        "REDIS_URL": args.cache_url.replace("rediscache://", "redis://"),
        "BENCH_CACHE": cache,
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
        "AUDIT_HMAC_KEY": "benchmark-only-audit-key",
        "IDENTITY_HMAC_KEY": "benchmark-only-identity-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    })
    return env


def postgres(args, sql=None, query=None, database="postgres"):
    import psycopg

    with psycopg.connect(f"{args.postgres}/{database}", autocommit=True) as connection:
        if sql:
            connection.execute(sql)
        if query:
            return connection.execute(query).fetchall()


def seed_scale_exists():
    return any(BASE_DIR.glob("*/management/commands/seed_scale.py"))


def prepare_database(args, size, database):
    env = environment(args, database, "off")
    exists = postgres(args, query=f"SELECT 1 FROM pg_database WHERE datname = '{database}'")
    record = WORK_DIR / f"{database}.seed.json"
    if args.keep and exists:
        log(f"==> Reusing database {database} (--keep)")
        seed = json.loads(record.read_text()) if record.exists() else {"seeded_by": "an earlier run"}
        return {**seed, "seeded_by": seed["seeded_by"] + ", kept from an earlier run"}
    log(f"==> Creating database {database}")
    postgres(args, sql=f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    postgres(args, sql=f'CREATE DATABASE "{database}"')
    started = time.monotonic()
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([sys.executable, "manage.py", "seed_demo", "-v0"], env)
    seeded_by = "manage.py seed_demo"
    if size == "large":
        command = ["manage.py", "seed_scale", "--agencies", str(args.agencies), "--jobs", str(args.jobs)]
        run([sys.executable, *command], env)
        seeded_by += "; " + " ".join(command)
    # Fresh tables have no statistics yet; production's have.
    postgres(args, sql="VACUUM ANALYZE", database=database)
    seed = {"seeded_by": seeded_by, "seed_seconds": round(time.monotonic() - started)}
    record.write_text(json.dumps(seed))
    return seed


def collectstatic(args):
    log("==> Collecting static files into var/bench/static")
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], environment(args, "unused", "off"))


def flush_cache(args):
    import redis

    redis.Redis.from_url(args.cache_url.replace("rediscache://", "redis://")).flushdb()


# ---------------------------------------------------------------- gunicorn and wrk


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, args, database, cache):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = WORK_DIR / f"gunicorn-{cache}.log"
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(args.workers),
            "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--graceful-timeout", "5",
            "--log-level", "warning", "--error-logfile", str(self.log_path),
        ]
        if args.gunicorn_config:
            command[3:3] = ["-c", args.gunicorn_config]
        log(f"==> gunicorn, {args.workers} sync workers, cache {cache}: {self.base}")
        self.process = subprocess.Popen(command, env=environment(args, database, cache), cwd=BASE_DIR)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log_path}")
            try:
                urllib.request.urlopen(self.base + "/_bench/bare/", timeout=5).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 60 s: see {self.log_path}")

    def get(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as response:
                return response.status, dict(response.headers), len(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), 0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(args, url, seconds, connections=None):
    connections = connections or args.connections
    command = ["wrk", f"-t{min(args.threads, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s",
               "-s", str(BENCH_DIR / "wrk_report.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line[len("BENCH_JSON "):])
    seconds = data["duration_us"] / 1e6
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50"] / 1000, 1), "p90_ms": round(data["p90"] / 1000, 1),
        "p95_ms": round(data["p95"] / 1000, 1), "p99_ms": round(data["p99"] / 1000, 1),
        "max_ms": round(data["max"] / 1000, 1), "requests": data["requests"], "errors": errors,
        "kb_per_response": round(data["bytes"] / max(data["requests"], 1) / 1024, 1),
        "hit_share": round(data["hits"] / max(data["requests"], 1), 3),
    }


def measure_server(args, database, cache, pages):
    """One gunicorn: the bare view first and last, every page between, each after a warm-up."""
    if cache == "on":
        flush_cache(args)
    server = Gunicorn(args, database, cache)
    results = {}
    try:
        order = [("bare", pages["bare"])] + [(k, u) for k, u in pages.items() if k != "bare"]
        order.append(("bare_end", pages["bare"]))
        for key, path in order:
            status, headers, _size = server.get(path)
            # A page is stored only once the versions of what it shows are a moment old
            # (core/pagecache.py): ask again until the cache answers (or 15 s have passed).
            deadline = time.monotonic() + 15
            while cache == "on" and not key.startswith("bare") and headers.get("X-Page-Cache") != "hit" \
                    and time.monotonic() < deadline:
                time.sleep(0.5)
                status, headers, _size = server.get(path)
            wrk(args, server.base + path, args.warmup)
            row = wrk(args, server.base + path, args.duration)
            row["status"] = status
            if cache == "off" and key in LISTS:
                # One client at a time: the page's own latency, without the queue of -c16.
                row["c1"] = wrk(args, server.base + path, args.duration, connections=1)
            results[key] = row
            log(f"  {cache:>3} {key:<20} {row['rps']:>8.1f} req/s  p50 {row['p50_ms']:>7.1f} ms"
                f"  p99 {row['p99_ms']:>7.1f} ms  status {status}  page cache hits {row['hit_share']:.0%}"
                f"{'  ERRORS ' + str(row['errors']) if row['errors'] else ''}"
                + (f"  (one client: p95 {row['c1']['p95_ms']} ms)" if "c1" in row else ""))
    finally:
        server.stop()
    bare = (results["bare"]["rps"] + results.pop("bare_end")["rps"]) / 2
    results["bare"]["rps_end"] = round(2 * bare - results["bare"]["rps"], 1)
    for row in results.values():
        row["ratio"] = round(row["rps"] / bare, 3)
    return {"bare_rps": round(bare, 1), "pages": results}


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("==> Installing wrk (apt-get install wrk)")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, stdout=subprocess.DEVNULL)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update"], check=False, stdout=subprocess.DEVNULL)
            subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return
    raise SystemExit("wrk is not installed: run `sudo apt-get install wrk` (Debian) and try again")


# ---------------------------------------------------------------- machine


def machine(args):
    def first(path, pattern):
        try:
            match = re.search(pattern, Path(path).read_text(), re.M)
        except OSError:
            return "?"
        return match.group(1).strip() if match else "?"

    from importlib.metadata import version

    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True, cwd=BASE_DIR).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": first("/proc/cpuinfo", r"^model name\s*:\s*(.+)$"),
        "ram_gb": round(int(first("/proc/meminfo", r"^MemTotal:\s*(\d+)")) / 1024 / 1024, 1),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "postgresql": postgres(args, query="SHOW server_version")[0][0],
        "python": platform.python_version(),
        "django": version("django"), "wagtail": version("wagtail"), "gunicorn": version("gunicorn"),
        "wrk": wrk_version.split(" [")[0],
        "commit": git.stdout.strip() + (" (with uncommitted changes)" if dirty else ""),
    }


# ---------------------------------------------------------------- one size


def bench_size(args, size):
    database = args.database if size == "small" else f"{args.database}_large"
    started = datetime.datetime.now().astimezone()
    result = {"size": size, "database": database, "started": started.isoformat(timespec="seconds"),
              "machine": machine(args), "settings": {
                  "workers": args.workers, "gunicorn_config": args.gunicorn_config,
                  "connections": args.connections, "threads": args.threads,
                  "duration_s": args.duration, "warmup_s": args.warmup, "conn_max_age": args.conn_max_age,
                  "inprocess_requests": args.requests,
              }}
    result["seed"] = prepare_database(args, size, database)
    if size == "large":
        result["seed"]["asked"] = {"agencies": args.agencies, "jobs": args.jobs}
    flush_cache(args)
    log("==> In-process: queries, CPU, profiles")
    command = [sys.executable, "-m", "benchmarks.inprocess", "--requests", str(args.requests),
               "--profile-requests", str(args.profile_requests)]
    if args.only:
        command += ["--only", args.only]
    output = run(command, environment(args, database, "on"), stdout=subprocess.PIPE, text=True)
    result.update(json.loads(output.stdout))
    result["wrk"] = {}
    for cache in ("off", "on"):
        result["wrk"][cache] = measure_server(args, database, cache, result["pages"])
    result["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    result["machine"]["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return result


# ---------------------------------------------------------------- RESULTS.md


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def targets(result, other=None):
    """(met, text, page keys whose profile explains a miss) for each target."""
    off, on, inproc = result["wrk"]["off"]["pages"], result["wrk"]["on"]["pages"], result["inprocess"]
    public = [k for k in result["pages"] if k != "bare"]
    checks = []

    def check(name, failing, detail_ok, describe):
        met = not failing
        text = f"**{'met' if met else 'MISSED'}** — {name}: " + (detail_ok if met else "; ".join(
            describe(k) for k in failing))
        checks.append((met, text, failing))

    connections = result["settings"]["connections"]
    check(f"cached public pages ≥ {CACHED_RATIO}× the bare view and p99 < {P99_MS} ms (-c{connections})",
          [k for k in public if on[k]["ratio"] < CACHED_RATIO or on[k]["p99_ms"] >= P99_MS],
          "every page",
          lambda k: f"{PAGE_LABELS[k]} {on[k]['ratio']}×, p99 {on[k]['p99_ms']} ms"
                    + ("" if on[k]["hit_share"] > 0.9 else f" ({on[k]['hit_share']:.0%} from the page cache)"))
    check(f"uncached public pages ≥ {UNCACHED_RATIO}× the bare view",
          [k for k in public if off[k]["ratio"] < UNCACHED_RATIO], "every page",
          lambda k: f"{PAGE_LABELS[k]} {off[k]['ratio']}×")
    large = result["data"]["agencies"] >= 100_000 and result["data"]["jobs"] >= 1_000_000
    lists = [k for k in LISTS if k in off]
    check(f"lists (directory, notices, catalogue) p95 < {LIST_P95_MS} ms uncached, one client at a time"
          + ("" if large else " — at this size; the target is for 100,000 agencies and 1,000,000 jobs"),
          [k for k in lists if off[k].get("c1", off[k])["p95_ms"] >= LIST_P95_MS],
          ", ".join(f"{PAGE_LABELS[k]} {off[k]['c1']['p95_ms']} ms" for k in lists if "c1" in off[k]),
          lambda k: f"{PAGE_LABELS[k]} p95 {off[k].get('c1', off[k])['p95_ms']} ms")
    if lists:
        checks.append(("note", f"(at -c{connections}, where each request also waits for those queued before it"
                             f" on its worker: " + ", ".join(f"{PAGE_LABELS[k]} p95 {off[k]['p95_ms']} ms"
                                                           for k in lists) + ")", []))
    prose = inproc.get("policy")
    if prose:
        cpu, queries = prose["cpu_ms_uncached"], prose["queries_uncached"]
        check(f"plain prose page (policy) rendered in under {PROSE_CPU_MS} ms of CPU with at most {PROSE_QUERIES}"
              " queries (uncached, in-process)",
              [] if cpu < PROSE_CPU_MS and queries <= PROSE_QUERIES else ["policy"],
              f"{cpu} ms, {queries} queries", lambda k: f"{cpu} ms of CPU, {queries} queries")
    if other:
        modes = ("cold", "uncached", "cached")

        def counts(row):
            return " / ".join(str(row[f"queries_{mode}"]) for mode in modes)

        small, large = (inproc, other["inprocess"]) if result["size"] == "small" else (other["inprocess"], inproc)
        # As pages are served (the per-process values and the row estimates warm): "cold" is the
        # first request after a cache flush, shown beside them.
        served = ("uncached", "cached")
        changed = [k for k in public if k in small and k in large
                   and any(small[k][f"queries_{mode}"] != large[k][f"queries_{mode}"] for mode in served)]
        def difference(k):
            before = {q[:100] for q in small[k]["sql_uncached"]}
            after = {q[:100] for q in large[k]["sql_uncached"]}
            added = [f"+ `{q[:70]}…`" for q in sorted(after - before)]
            removed = [f"− `{q[:70]}…`" for q in sorted(before - after)]
            return f" ({', '.join(added + removed)})" if added or removed else ""

        check("queries per page (uncached / cached; cold shown first) the same at both data sizes", changed,
              "every page (cold, after a flush: " + ", ".join(
                  f"{PAGE_LABELS[k]} {counts(small[k])} → {counts(large[k])}" for k in public
                  if k in small and k in large and counts(small[k]) != counts(large[k])) + ")",
              lambda k: f"{PAGE_LABELS[k]} {counts(small[k])} (small) → {counts(large[k])} (large){difference(k)}")
    else:
        checks.append((None, "**not measured** — queries per page the same at both data sizes: run "
                             "`benchmarks/run --size both` (or small and large one after the other)", []))
    return checks


def profile_md(title, profile, top):
    areas = ", ".join(f"{name} {ms:.1f}" for name, ms in profile["by_area"].items() if ms >= 0.05)
    lines = [f"<details><summary>{title}: {profile['total_ms']:.1f} ms per request under cProfile</summary>", "",
             f"Own time by part of the stack (ms per request): {areas}.", "",
             "| cumulative ms | own ms | calls | function |", "| ---: | ---: | ---: | --- |"]
    for entry in profile["by_cumulative"][:top]:
        lines.append(f"| {entry['cum_ms']:.2f} | {entry['own_ms']:.2f} | {entry['calls']:g} | `{entry['function']}` |")
    lines += ["", "Most own time:", "", "| own ms | calls | function |", "| ---: | ---: | --- |"]
    for entry in profile["by_own"][:12]:
        lines.append(f"| {entry['own_ms']:.2f} | {entry['calls']:g} | `{entry['function']}` |")
    lines += ["", "</details>", ""]
    return lines


def size_md(result, other):
    m, s, d = result["machine"], result["settings"], result["data"]
    off, on, inproc = result["wrk"]["off"], result["wrk"]["on"], result["inprocess"]
    title = "Small data (seed_demo)" if result["size"] == "small" else "Large data (seed_scale)"
    lines = [
        f"### {title}",
        "",
        f"Run {result['started']} – {result['finished'][11:]}, commit {m['commit']}.",
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['ram_gb']} GB RAM, PostgreSQL {m['postgresql']},"
        f" Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, gunicorn {m['gunicorn']},"
        f" {m['wrk']}; load average {m['load_before']} before the run and {m.get('load_after', '?')} after"
        " (a shared machine: other work ran at the same time).",
        f"Data: {d['agencies']:,} agencies, {d['owners']:,} owners, {d['jobs']:,} jobs, {d['bids']:,} bids,"
        f" {d['service_items']:,} service items, {d['offers']:,} offered items ({result['seed']['seeded_by']}"
        + (f", {result['seed']['seed_seconds']} s" if "seed_seconds" in result["seed"] else "") + ").",
        f"Load: gunicorn with {s['workers']} "
        + (f"workers (`-c {s['gunicorn_config']}`)" if s.get("gunicorn_config") else "sync workers")
        + f", `wrk -t{s['threads']} -c{s['connections']}"
        f" -d{s['duration_s']}s` after a {s['warmup_s']} s warm-up, per page; database connections"
        + (f" kept {s['conn_max_age']} s (production's default: 60 s)." if s["conn_max_age"]
           else " opened per request."),
        f"Bare view: {off['bare_rps']:,.0f} req/s in the uncached run, {on['bare_rps']:,.0f} in the cached"
        " run (mean of its first and last measurement; each page's ratio is to its own run's).",
        "",
        "| page | uncached req/s | p50 ms | p99 ms | × bare | cached req/s | p50 ms | p99 ms | × bare | hits |"
        " queries cold / uncached / cached | Redis calls uncached | CPU ms uncached / cached | wall ms uncached |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, url in result["pages"].items():
        a, b, q = off["pages"][key], on["pages"][key], inproc[key]
        errors = " ⚠ errors" if a["errors"] or b["errors"] else ""
        lines.append(
            f"| {PAGE_LABELS[key]} `{url}`{errors} | {fmt(a['rps'])} | {fmt(a['p50_ms'])} | {fmt(a['p99_ms'])}"
            f" | {a['ratio']:.3f} | {fmt(b['rps'])} | {fmt(b['p50_ms'])} | {fmt(b['p99_ms'])} | {b['ratio']:.3f}"
            f" | {b['hit_share']:.0%} | {q['queries_cold']} / {q['queries_uncached']} / {q['queries_cached']}"
            f" | {q['redis_uncached']} | {q['cpu_ms_uncached']:.1f} / {q['cpu_ms_cached']:.1f}"
            f"{'' if q['hit_cached'] or key == 'bare' else ' (no hit)'} | {q['wall_ms_uncached']:.1f} |"
        )
    lines += [
        "",
        "Uncached: the page cache switched off (`PAGE_CACHE_ENABLED=False`), every other cache"
        " production's (Redis). Cached: production's settings, Redis flushed before the run and the"
        " cache filled by each page's warm-up; hits: the share of the measured requests the page cache"
        " answered (`X-Page-Cache: hit`).",
        "Queries and CPU: in-process with Django's test Client, anonymous; cold = every cache cleared"
        " before the request, uncached = page cache off with the smaller caches warm, cached = the page"
        " cache filled; Redis calls: round trips to the shared cache; each request opens its database"
        " connection as production's does; CPU of the"
        " Python process only (PostgreSQL's own is not counted) and wall time of one request at a time"
        f" (waits for PostgreSQL and Redis included), mean of {s['inprocess_requests']} requests.",
        "",
        "#### Targets",
        "",
    ]
    checks = targets(result, other)
    explain = {}
    for met, text, failing in checks:
        lines.append(f"  - {text}" if met == "note" else f"- {text}")
        for key in failing:
            explain.setdefault(key, None)
    lines += ["", "#### Profiles", "",
              "cProfile in-process of the page rendered with the page cache off (wall time, so waits for"
              " PostgreSQL and Redis count; cProfile's own cost inflates functions called thousands of"
              " times), for the prose page and the notices list always and for every page that misses a"
              " target, and of the cache hit where a cached page misses its target;"
              " `benchmarks/results/pages-<size>.json` holds every page's, uncached and cached.", ""]
    shown = ["policy", "notices"] + [k for k in explain if k not in ("policy", "notices")]
    for key in shown:
        profiles = result["profiles"].get(key)
        if not profiles:
            continue
        lines += profile_md(f"{PAGE_LABELS[key]} `{result['pages'][key]}`, uncached", profiles["uncached"], 25)
        cached = on["pages"][key]
        if key != "bare" and (cached["ratio"] < CACHED_RATIO or cached["p99_ms"] >= P99_MS):
            lines += profile_md(f"{PAGE_LABELS[key]}, served by the page cache", profiles["cached"], 15)
    return lines


def write_results():
    results = {}
    for size in ("small", "large"):
        path = RESULTS_JSON / f"pages-{size}.json"
        if path.exists():
            results[size] = json.loads(path.read_text())
    lines = [
        START,
        "## Pages",
        "",
        "Written by `benchmarks/run` (benchmarks/pages.py; the options are in its docstring). Each"
        " size's figures come from one run on the machine named under it; ratios compare pages with"
        " the bare Django view (`/_bench/bare/`, 20 rows through a template, no SQL) measured in the"
        " same gunicorn. Figures, not tests: on this shared 2-core machine other work runs at the same time"
        " (see each run's load averages) and moves the figures between runs, the bare view's by up to 2×;"
        " compare ratios and query counts rather than raw req/s.",
        "",
    ]
    for size, result in results.items():
        other = results.get("large" if size == "small" else "small")
        lines += size_md(result, other)
    if "large" not in results:
        lines += ["### Large data (seed_scale)", "",
                  "Not measured yet: `benchmarks/run --size large`" + (
                      "." if seed_scale_exists() else " needs `manage.py seed_scale`, which does not exist yet."), ""]
    lines.append(END)
    replace_section(START, END, "\n".join(lines), results=RESULTS_MD)
    log(f"==> Wrote {RESULTS_MD.relative_to(BASE_DIR)}")


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["small", "large", "both"], default="small")
    parser.add_argument("--agencies", type=int, default=100_000, help="agencies for --size large (seed_scale)")
    parser.add_argument("--jobs", type=int, default=1_000_000, help="jobs for --size large (seed_scale)")
    parser.add_argument("--database", default="zjcs_bench", help="database name (the large size adds _large)")
    parser.add_argument("--keep", action="store_true", help="reuse the database if it exists (no drop, no seed)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server URL, no name")
    parser.add_argument("--cache-url", default="rediscache://127.0.0.1:6379/9",
                        help="the cache's Redis database (flushed before each run)")
    parser.add_argument("--conn-max-age", type=int, default=60,
                        help="keep database connections this many seconds (production's default: 60; 0 opens one "
                             "per request)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gunicorn-config", default="",
                        help="e.g. python:config.gunicorn for the deployment's threaded workers (default: sync)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=5, help="seconds of each measured wrk run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of the wrk warm-up before each")
    parser.add_argument("--requests", type=int, default=10, help="in-process requests per page for the CPU time")
    parser.add_argument("--profile-requests", type=int, default=5, help="in-process requests per profile")
    parser.add_argument("--only", default="", help="measure only these page keys (comma-separated): "
                        + ", ".join(k for k in PAGE_LABELS if k != "bare"))
    parser.add_argument("--no-write", action="store_true", help="print the figures, leave RESULTS.md alone")
    parser.add_argument("--report-only", action="store_true",
                        help="only rewrite RESULTS.md's section from benchmarks/results/pages-*.json")
    args = parser.parse_args()
    if args.report_only:
        write_results()
        return

    sizes = ["small", "large"] if args.size == "both" else [args.size]
    if "large" in sizes and not seed_scale_exists() and not args.keep:
        raise SystemExit("--size large needs `manage.py seed_scale` (not in this checkout yet)")
    ensure_wrk()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.mkdir(exist_ok=True)
    collectstatic(args)
    for size in sizes:
        result = bench_size(args, size)
        if args.no_write:
            print(json.dumps({k: result[k] for k in ("pages", "data", "wrk")}, ensure_ascii=False, indent=1))
            continue
        (RESULTS_JSON / f"pages-{size}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    if not args.no_write:
        write_results()


if __name__ == "__main__":
    main()
