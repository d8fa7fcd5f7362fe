#!/usr/bin/env python
"""The last second before a close, through the real HTTP endpoints, on PostgreSQL:

    .venv/bin/python benchmarks/storm.py --agencies 200 --workers 4

1. Creates a fresh PostgreSQL database (`--database`, default zjcs_storm; dropped again at the
   end unless `--keep`), migrates it and collects static files (into var/storm/static).
2. Builds the agencies (one operator each, logged in by a session written straight into the
   database, as a login would), an owner and a published job that closes in the near future.
3. Starts gunicorn with production settings (`config.settings.production`) and the project's
   gunicorn settings (`-c python:config.gunicorn`: threaded workers that stamp each request when
   it arrives; `--stamp app` uses plain threaded workers instead, so only the first middleware
   stamps the request, for comparison).
4. Every agency fetches the bid form (its CSRF token) well before the close. Then, in the real
   last second before the close, every agency posts its bid (with a one-page PDF) to
   `/workspace/opportunities/<job>/bid/`, spread evenly over that second; `--duplicates` of them
   post a second copy at the same instant, and `--late` more agencies post in the half second
   after the close. The client (asyncio, plain sockets) records when each request started and
   when it had been written to the socket.
5. Checks the database against the client's times: every agency whose request was written
   before the close has exactly one bid (else it is "lost"); no agency whose request started
   after the close has one ("late accepted"); no agency has two ("duplicated"). A request that
   started before the close and finished writing after it is "straddling" and judged neither
   way. Also: every kept bid's receipt time (the server's received moment) is before the close
   and not before its request was written, no refused bid left a file, and every response
   matches the database.
6. Prints the figures and replaces its own section of benchmarks/RESULTS.md (between
   `<!-- storm:start -->` and `<!-- storm:end -->`; one row per `--stamp` mode). Exits non-zero
   if anything was lost, accepted late or duplicated.

Options: --agencies N (200), --duplicates N (20), --late N (20), --workers N (4), --threads N
(8), --stamp server|app (server), --lead SECONDS from the end of the preparation to the close
(3), --port (8765), --database NAME, --pg URL of the server (postgres://postgres@127.0.0.1:5432),
--keep, --no-results. Needs PostgreSQL and the project's virtualenv (gunicorn is a dependency).
"""
import argparse
import asyncio
import datetime
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import (  # noqa: E402
    RESULTS,
    commit_id,
    drop_database,
    production_environment,
    recreate_database,
    replace_section,
)

WORK = ROOT / "var" / "storm"
START, END = "<!-- storm:start -->", "<!-- storm:end -->"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--duplicates", type=int, default=20)
    parser.add_argument("--late", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--stamp", choices=["server", "app"], default="server")
    parser.add_argument("--lead", type=float, default=3.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="zjcs_storm")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--no-results", action="store_true", help="do not write benchmarks/RESULTS.md")
    return parser.parse_args()


def configure(args):
    """The environment of the server and of this process: production settings, nothing shared
    with other work on the machine (own database, files, in-process cache)."""
    env = {
        **production_environment(database_url(args), "storm-benchmark-only"),
        "SESSION_COOKIE_SECURE": "false",  # plain HTTP on the loopback
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
    }
    os.environ.update(env)
    return {**os.environ, **env}


def database_url(args):
    return f"{args.pg}/{args.database}"


def prepare_database():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def build(args):
    """The owner, the job and the agencies with one logged-in operator each: [(agency, session key)]."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from accounts.models import User
    from providers.models import Membership, Organisation
    from tests.factories import AgencyFactory, JobFactory, RegionFactory

    region = RegionFactory()
    count = args.agencies + args.late
    agencies = Organisation.objects.bulk_create(
        [AgencyFactory.build(region=region, name=f"风暴测试咨询有限公司{i:04d}") for i in range(count)])
    password = make_password(None)  # nobody logs in with a password here
    users = User.objects.bulk_create(
        [User(email=f"storm{i:04d}@agency.example.cn", full_name=f"经办人{i:04d}", password=password)
         for i in range(count)])
    Membership.objects.bulk_create([Membership(user=user, organisation=agency, role=Membership.Role.OPERATOR)
                                    for user, agency in zip(users, agencies)])
    sessions, keys = [], []
    now = time.time()
    for user in users:
        # What django.contrib.auth.login and allauth's login flow leave in a session.
        store = SessionStore()
        key = store._get_new_session_key()
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                AUTHENTICATION_METHODS_SESSION_KEY: [{"method": "password", "at": now, "email": user.email}],
                _AUTHENTICATION_METHODS_USER_SESSION_KEY: str(user.pk)}
        sessions.append(Session(session_key=key, session_data=store.encode(data),
                                expire_date=timezone.now() + datetime.timedelta(days=1)))
        keys.append(key)
    Session.objects.bulk_create(sessions)
    job = JobFactory(closes_at=timezone.now() + datetime.timedelta(hours=1), ceiling_price=80000)
    return job, list(zip(agencies, keys))


# --- the server -----------------------------------------------------------------------------------

def start_server(args, env):
    command = [sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn", "--workers", str(args.workers),
               "--threads", str(args.threads), "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"]
    if args.stamp == "app":
        command += ["--worker-class", "gthread"]
    log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen([*command, "config.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {WORK / 'gunicorn.log'}")
        try:
            status, _headers, _body, _times = asyncio.run(request(args.port, "GET", "/accounts/login/"))
            if status < 500:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within a minute")


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- the client -----------------------------------------------------------------------------------

async def request(port, method, path, *, cookies=None, body=b"", content_type=None):
    """One HTTP/1.1 request on its own connection: (status, headers, body, (started, written, done))."""
    started = time.time()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if body:
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    written = time.time()
    raw = await reader.read()
    done = time.time()
    writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    header_lines = head.decode("latin-1").split("\r\n")
    status = int(header_lines[0].split()[1])
    headers = [tuple(line.split(": ", 1)) for line in header_lines[1:] if ": " in line]
    return status, headers, payload.decode("utf-8", "replace"), (started, written, done)


def multipart(fields, files):
    boundary = "storm" + secrets.token_hex(12)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    for name, (filename, content, kind) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_url(job_id, agency_id):
    return f"/workspace/opportunities/{job_id}/bid/?org={agency_id}"


async def fetch_forms(args, job, logins):
    """Each agency opens the bid form: its CSRF cookie and the form's token. {agency id: cookies, token}."""
    gate = asyncio.Semaphore(args.workers * args.threads)

    async def fetch(agency, session_key):
        async with gate:
            status, headers, body, _times = await request(
                args.port, "GET", form_url(job.pk, agency.pk), cookies={"sessionid": session_key})
        cookie = next((v for k, v in headers if k.lower() == "set-cookie" and v.startswith("csrftoken=")), "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not cookie or not token:
            raise SystemExit(f"the bid form of agency {agency.pk} answered {status} without a CSRF token")
        return agency.pk, ({"sessionid": session_key, "csrftoken": cookie.split(";")[0].split("=", 1)[1]},
                           token.group(1))

    return dict(await asyncio.gather(*(fetch(agency, key) for agency, key in logins)))


def outcome(status, headers, body):
    if status == 302 and any(k.lower() == "location" and "/bids/" in v for k, v in headers):
        return "kept"
    if status == 200:
        if "不能重复报名" in body:
            return "refused: duplicate"
        if "报名已于" in body:
            return "refused: closed"
        return "refused: other"
    return f"HTTP {status}"


async def storm(args, job, plan, forms):
    """Post every planned bid at its moment: [(agency id, kind, outcome, (started, written, done))]."""
    async def post(agency_id, kind, at):
        cookies, token = forms[agency_id]
        body, content_type = multipart(
            {"csrfmiddlewaretoken": token, "price": "60000", "promised_days": "15", "plan": "现场踏勘后编制报告表。"},
            {"attachments": ("plan.pdf", PDF, "application/pdf")})
        await asyncio.sleep(max(0.0, at - time.time()))
        status, headers, text, times = await request(
            args.port, "POST", form_url(job.pk, agency_id), cookies=cookies, body=body, content_type=content_type)
        return agency_id, kind, outcome(status, headers, text), times

    return await asyncio.gather(*(post(agency_id, kind, at) for agency_id, kind, at in plan))


def schedule(args, agency_ids, closes):
    """(agency id, kind, moment): the agencies spread evenly over the last second before the close,
    some sending a second copy at the same instant, the late ones over the half second after it."""
    rnd = random.Random(7)
    first, late = agency_ids[: args.agencies], agency_ids[args.agencies:]
    rnd.shuffle(first)
    plan = [(agency_id, "bid", closes - 1 + (i + 0.5) / len(first)) for i, agency_id in enumerate(first)]
    plan += [(agency_id, "copy", at) for agency_id, _kind, at in rnd.sample(plan, min(args.duplicates, len(plan)))]
    plan += [(agency_id, "late", closes + (i + 0.5) * 0.5 / max(1, len(late))) for i, agency_id in enumerate(late)]
    return plan


# --- the checks -----------------------------------------------------------------------------------

def check(job, closes, sent):
    from bidding.models import Bid, BidAttachment

    bids = list(Bid.objects.filter(job=job).values("agency_id", "submitted_at", "status"))
    # Every request and bid of the run, for a closer look: var/storm/last-run.json.
    (WORK / "last-run.json").write_text(json.dumps({
        "closes": closes,
        "requests": [{"agency": a, "kind": k, "outcome": r, "started": t[0], "written": t[1], "done": t[2]}
                     for a, k, r, t in sorted(sent, key=lambda row: row[3][1])],
        "bids": [{"agency": b["agency_id"], "received": b["submitted_at"].timestamp()} for b in bids],
    }, indent=1))
    per_agency = {}
    for bid in bids:
        per_agency.setdefault(bid["agency_id"], []).append(bid)
    requests = {}
    for agency_id, kind, result, times in sent:
        requests.setdefault(agency_id, []).append((kind, result, times))

    before = {a for a, rs in requests.items() if min(t[1] for _k, _r, t in rs) < closes}
    after = {a for a, rs in requests.items() if min(t[0] for _k, _r, t in rs) >= closes}
    straddling = set(requests) - before - after
    latencies = []  # the server's received moment minus the moment the request had been written
    for agency_id in before:
        for bid in per_agency.get(agency_id, []):
            written = min(t[1] for _k, _r, t in requests[agency_id])
            latencies.append(bid["submitted_at"].timestamp() - written)
    results = [result for _a, _k, result, _t in sent]
    private = WORK / "private"
    files = sum(len(names) for _d, _s, names in os.walk(private)) if private.exists() else 0
    first_start = min(t[0] for *_x, t in sent)
    last_done = max(t[2] for *_x, t in sent)
    return {
        "requests": len(sent),
        "sent_before": len(before),
        "kept": sum(1 for a in before if len(per_agency.get(a, [])) == 1),
        "lost": sorted(a for a in before if not per_agency.get(a)),
        "sent_after": len(after),
        "late_accepted": sorted(a for a in after if per_agency.get(a)),
        "duplicated": sorted(a for a, rows in per_agency.items() if len(rows) > 1),
        "straddling": len(straddling),
        "straddling_kept": sum(1 for a in straddling if per_agency.get(a)),
        "received_after_close": sum(1 for bid in bids if bid["submitted_at"] >= closes_dt(closes)),
        "responses": {kind: results.count(kind) for kind in sorted(set(results))},
        # An agency was told its bid was kept (a redirect to the receipt) exactly when it has one.
        "responses_match": all(any(r == "kept" for _k, r, _t in rs) == bool(per_agency.get(a))
                               for a, rs in requests.items()),
        # A copy that arrived after its original was saved is taken by the form as a change of it.
        "copies_as_changes": sum(1 for rs in requests.values() if [r for _k, r, _t in rs].count("kept") > 1),
        "attachments": BidAttachment.objects.filter(bid__job=job).count(),
        "files": files,
        "stamp_ms": sorted(1000 * value for value in latencies),
        "first_send_before_close": closes - min(t[1] for *_x, t in sent),
        "last_response_after_close": last_done - closes,
        "duration": last_done - first_start,
    }


def closes_dt(closes):
    return datetime.datetime.fromtimestamp(closes, tz=datetime.UTC)


# --- the report -----------------------------------------------------------------------------------

def machine():
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({cpu}), load average before the run {load}"


def percentile(values, share):
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def report(args, figures, machine_line, setup_seconds):
    ms = figures["stamp_ms"]
    lines = [
        f"storm: {args.agencies} agencies in the last second before the close, {args.duplicates} sending a copy, "
        f"{args.late} after the close; gunicorn {args.workers} workers x {args.threads} threads, stamp: {args.stamp}",
        f"  requests {figures['requests']} in {figures['duration']:.2f} s "
        f"({figures['requests'] / figures['duration']:.1f} req/s); "
        f"last response {figures['last_response_after_close']:.2f} s after the close",
        f"  written before the close: {figures['sent_before']} agencies, kept once {figures['kept']}, "
        f"LOST {len(figures['lost'])}",
        f"  started after the close: {figures['sent_after']} agencies, LATE ACCEPTED {len(figures['late_accepted'])}",
        f"  DUPLICATED {len(figures['duplicated'])}; straddling the close {figures['straddling']} "
        f"(kept {figures['straddling_kept']})",
        f"  kept bids received (server stamp) at or after the close: {figures['received_after_close']}",
        f"  kept bids: received moment minus the moment the request was written, ms: "
        f"p50 {statistics.median(ms) if ms else 0:.1f}, "
        f"p99 {percentile(ms, 0.99):.1f}, max {max(ms, default=0):.1f}",
        f"  responses {figures['responses']} ({figures['copies_as_changes']} copies taken as a change of "
        f"the bid); every agency told 'kept' has a bid and no other: {figures['responses_match']}",
        f"  attachments {figures['attachments']}, files in private storage {figures['files']}",
        f"  setup {setup_seconds:.0f} s; {machine_line}",
    ]
    print("\n".join(lines))
    return lines


MODES = {
    "server": "gunicorn's workers stamp each request with the kernel's receive time (`config/gunicorn.py`)",
    "app": "plain threaded workers: the first middleware stamps each request when a thread takes it up",
}


def write_results(args, figures, started, machine_line, commit):
    ms = figures["stamp_ms"]
    block = "\n".join([
        f"### Stamp `{args.stamp}`: {MODES[args.stamp]}",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, commit {commit}. Machine: {machine_line}. "
        f"gunicorn {args.workers} workers × {args.threads} threads; {args.agencies} agencies planned in the last "
        f"second, {args.duplicates} copies, {args.late} late agencies; grace {grace_seconds()} s.",
        "",
        f"- written before the close: {figures['sent_before']} agencies — kept once {figures['kept']}, "
        f"**lost {len(figures['lost'])}**",
        f"- started after the close: {figures['sent_after']} agencies — **late accepted "
        f"{len(figures['late_accepted'])}**",
        f"- **duplicated {len(figures['duplicated'])}**; straddling the close {figures['straddling']} "
        f"(kept {figures['straddling_kept']}); kept bids whose received moment is at or after the close: "
        f"{figures['received_after_close']}",
        f"- every agency told its bid was kept has one, and no other: "
        f"{'yes' if figures['responses_match'] else '**no**'}; copies taken as a change of the bid: "
        f"{figures['copies_as_changes']}; files left by refused bids: {figures['files'] - figures['attachments']}",
        f"- kept bids' received moment minus the client's write, ms: p50 {statistics.median(ms) if ms else 0:.1f}, "
        f"p99 {percentile(ms, 0.99):.1f}, max {max(ms, default=0):.1f}",
        f"- throughput: {figures['requests']} requests in {figures['duration']:.1f} s, "
        f"{figures['requests'] / figures['duration']:.1f} req/s; the last response "
        f"{figures['last_response_after_close']:.1f} s after the close",
        "",
    ])
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    blocks = {}
    if START in text and END in text:
        old = text[text.index(START):text.index(END)]
        for mode in MODES:
            match = re.search(rf"^### Stamp `{mode}`.*?(?=^### |^Target|\Z)", old, re.S | re.M)
            if match:
                blocks[mode] = match.group(0).rstrip("\n") + "\n"
    blocks[args.stamp] = block
    section = "\n".join([
        START,
        "## Storm (last second before a close)",
        "",
        "Written by `benchmarks/storm.py` (`.venv/bin/python benchmarks/storm.py --agencies 200 --workers 4`; "
        "`--stamp app` for the comparison; options in its docstring). Each agency, logged in, fetches the bid "
        "form and then posts its bid with a one-page PDF through `/workspace/opportunities/<job>/bid/` to "
        "gunicorn (production settings, PostgreSQL, a database connection per request), spread evenly over the "
        "real last second before the close; some post a second copy at the same instant and more agencies post "
        "in the half second after the close. The database is then checked against the client's clock: an "
        "agency whose request was written before the close must have exactly one bid (else lost), one whose "
        "request started after it none (else late accepted), none two (duplicated); a request started before "
        "and written after the close is straddling and judged neither way. Agencies planned in the last second "
        "whose request the client itself only started after the close count as started after it.",
        "",
        *[blocks[mode] for mode in MODES if mode in blocks],
        "Target (issue 7, section 5): the storm: 0 lost, 0 late accepted, 0 duplicated — "
        + target_line(blocks.get("server")),
        "",
        END,
    ])
    replace_section(START, END, section)


def target_line(block):
    if block is None:
        return "not measured with the server's stamp yet."
    lost = re.search(r"\*\*lost (\d+)\*\*", block).group(1)
    late = re.search(r"\*\*late accepted (\d+)\*\*", block).group(1)
    duplicated = re.search(r"\*\*duplicated (\d+)\*\*", block).group(1)
    met = lost == late == duplicated == "0"
    return (("**MET**" if met else "**MISSED**")
            + f" with the server's stamp (lost {lost}, late accepted {late}, duplicated {duplicated}).")


def grace_seconds():
    from bidding.states import close_grace

    return f"{close_grace().total_seconds():g}"


def main():
    args = parse_args()
    started = datetime.datetime.now(datetime.UTC)
    machine_line = machine()
    shutil.rmtree(WORK / "private", ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    env = configure(args)
    recreate_database(database_url(args))
    import django

    django.setup()
    from django.db import connection

    from bidding.models import Job

    setup_start = time.time()
    server = None
    try:
        prepare_database()
        job, logins = build(args)
        connection.close()  # no connection of ours stays open during the storm
        server = start_server(args, env)
        forms = asyncio.run(fetch_forms(args, job, logins))
        closes = time.time() + args.lead
        Job.objects.filter(pk=job.pk).update(closes_at=closes_dt(closes))
        connection.close()
        setup_seconds = time.time() - setup_start
        plan = schedule(args, [agency.pk for agency, _key in logins], closes)
        sent = asyncio.run(storm(args, job, plan, forms))
        figures = check(job, closes, sent)
    finally:
        if server is not None:
            stop_server(server)
    report(args, figures, machine_line, setup_seconds)
    if not args.no_results:
        write_results(args, figures, started, machine_line, commit_id())
    connection.close()
    if not args.keep:
        drop_database(database_url(args))
    failed = figures["lost"] or figures["late_accepted"] or figures["duplicated"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
