#!/usr/bin/env python
"""Credit recompute at scale (issue 9's target), on PostgreSQL:

    .venv/bin/python benchmarks/credit.py            # 100,000 agencies, 2,000,000 reviews; --help

1. Creates a fresh PostgreSQL database (`--database`, default zjcs_bench_credit; dropped again at
   the end unless `--keep`; `--reuse` skips 1–2 and measures a database kept by an earlier run)
   and migrates it.
2. Seeds, in one transaction with COPY (core/demo/scale.py's writer): `--agencies` agencies and one
   owner for every 20; one signed contract (with its job and winning bid) for every two reviews,
   each with both sides' reviews (`--reviews` in all: the owner's of the agency and the agency's
   of the owner, both in, so shown), its delivery's lateness stored (on time or late), a refused
   contract for 5 % of them, regulators' credit records (penalties and commendations) for a tenth
   of the organisations, and objections upheld against owners. Agencies differ in quality, so the
   scores spread over every grade and some agencies fall under the watch and suspension lines.
   The events span three years before now.
3. Times `manage.py recompute_credit` (every organisation, from the stored defaults — reset to
   them first with --reuse — so every row is written, with its grade change and audit entry),
   then a second run (nothing changed: reads and computation only), then `recompute_credit
   --check --sample N` (bulk against per-organisation).
4. Prints the figures and replaces its section of benchmarks/RESULTS.md (between
   `<!-- credit:start -->` and `<!-- credit:end -->`).

Figures, run by hand; not a test. Needs PostgreSQL on 127.0.0.1:5432 (trust auth for postgres).
"""
import argparse
import datetime
import hashlib
import io
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import (  # noqa: E402
    RESULTS,
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

START, END = "<!-- credit:start -->", "<!-- credit:end -->"
TARGET_SECONDS = 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=2_000_000, help="reviews in all, two per contract")
    parser.add_argument("--sample", type=int, default=1000, help="organisations compared by --check")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--database", default="zjcs_bench_credit")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a database kept by an earlier --keep run")
    parser.add_argument("--no-results", action="store_true", help="do not write benchmarks/RESULTS.md")
    parser.add_argument("--seed", type=int, default=20260630)
    return parser.parse_args()


def configure(args):
    os.environ.update(production_environment(database_url(args), "credit-benchmark-only"))


def database_url(args):
    return f"{args.pg}/{args.database}"


# --- the data ---------------------------------------------------------------------------------------

class Seeder:
    """Rows by COPY, ids given here (foreign keys are checked at the commit)."""

    def __init__(self, args):
        from django.utils import timezone

        self.args = args
        self.rnd = random.Random(args.seed)
        self.now = timezone.now()
        self.rows = {}
        self.serial = {}

    def moment(self, days):
        return self.now - datetime.timedelta(seconds=self.rnd.uniform(0, days * 86400))

    def table(self, model):
        """A COPY into the model's table (one at a time on the connection: no query until it ends)."""
        from django.db.models import Max

        from core.demo.scale import PostgresWriter, Table

        self.rows[model._meta.db_table] = 0
        if model not in self.serial:
            self.serial[model] = model.objects.aggregate(m=Max("id"))["m"] or 0
        return Table(model, PostgresWriter())

    def write(self, table, row):
        """Write a row; an id is given when the row has none (each model's ids after its largest)."""
        model = table.model
        if "id" not in row:
            self.serial[model] += 1
            row = {"id": self.serial[model], **row}
        table.write(row)
        self.rows[model._meta.db_table] += 1

    def run(self):
        from django.db import connection, transaction
        from django.db.models import Max

        from bidding.models import Bid, Job
        from contracts.models import Contract
        from providers.models import Organisation

        with transaction.atomic():
            self.base()
            self.next_id = {model: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
                            for model in (Organisation, Job, Bid, Contract)}
            self.organisations()
            self.contracts()
            self.others()
        with connection.cursor() as cursor:
            for table in self.rows:  # as autovacuum leaves a table in production: statistics, visibility map
                cursor.execute(f'VACUUM ANALYZE "{table}"')
            for model in {Organisation, Job, Bid, Contract, *self.serial}:
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                               f"(SELECT MAX(id) FROM \"{table}\"))")
        return self.rows

    def base(self):
        """The few rows everything points at: a user, a region, a service item, a template version."""
        from django.contrib.auth import get_user_model

        from contracts.models import ContractTemplate, TemplateVersion
        from marketplace.models import ServiceCategory, ServiceItem
        from providers.models import Department, Region

        self.user = get_user_model().objects.create_user(email="bench@credit.example.cn", password=None,
                                                         full_name="信用基准测试")
        self.region = Region.objects.filter(level=Region.Level.COUNTY).order_by("code").values_list(
            "code", flat=True).first()
        category = ServiceCategory.objects.create(code="bench", name="基准测试类别")
        department = Department.objects.create(name="基准测试审批部门", region_id=self.region)
        self.item = ServiceItem.objects.create(category=category, code="BENCH-001", name="基准测试事项",
                                               legal_basis="基准测试", approval_item="基准测试",
                                               approving_department=department, statutory_days=20,
                                               fee_type=ServiceItem.FeeType.choices[0][0])
        template = ContractTemplate.objects.create(code="BENCH-HT", title="基准测试示范文本", created_at=self.now)
        self.version = TemplateVersion.objects.create(template=template, number=1, clauses=[],
                                                      status=TemplateVersion.Status.PUBLISHED,
                                                      created_at=self.now, published_at=self.now)

    def organisations(self):
        from core.demo.scale import uscc
        from providers.models import Organisation

        count = self.args.agencies
        owners = max(50, count // 20)
        start = self.next_id[Organisation]
        self.agencies = list(range(start, start + count))
        self.owners = list(range(start + count, start + count + owners))
        # each agency's quality: how its owners rate it and how often it is late
        self.quality = {pk: self.rnd.betavariate(5, 2) for pk in self.agencies}
        log(f"  organisations: {count} agencies, {owners} owners")
        with self.table(Organisation) as table:
            for number, pk in enumerate(self.agencies + self.owners):
                agency = number < count
                created = self.moment(5 * 365)
                self.write(table, {
                    "id": pk, "kind": "agency" if agency else "owner",
                    "uscc": uscc("91" if agency else "11", self.region, 20_000_000 + number),
                    "name": f"基准测试{'中介机构' if agency else '项目业主'}{number}", "region_id": self.region,
                    "owner_type": "" if agency else "department", "address": "测试路1号", "contact_name": "张三",
                    "contact_phone": "028-1234567", "created_at": created, "updated_at": created,
                })

    def contracts(self):
        from bidding.models import Bid, Job
        from contracts.models import Contract, SigningRefusal
        from reviews.models import Review

        contracts = self.args.reviews // 2
        refusals = contracts // 20
        job_start, bid_start, contract_start = (self.next_id[Job], self.next_id[Bid], self.next_id[Contract])
        self.contract_ids = range(contract_start, contract_start + contracts)
        text = "基准测试合同文本"
        text_hash = hashlib.sha256(text.encode()).hexdigest()
        log(f"  {contracts} jobs, bids and signed contracts with {2 * contracts} reviews; {refusals} refusals")
        plans = []
        for _number in range(contracts + refusals):
            agency = self.rnd.choice(self.agencies)
            owner = self.rnd.choice(self.owners)
            # closed at least two months ago: the delivery and both reviews are in the past
            closes = self.moment(3 * 365) - datetime.timedelta(days=60)
            plans.append((agency, owner, closes))
        self.job_owner = {}
        with self.table(Job) as table:
            for number, (agency, owner, closes) in enumerate(plans):
                pk = job_start + number
                self.job_owner[pk] = (owner, bid_start + number, agency)
                self.write(table, {
                    "id": pk, "owner_id": owner, "created_by_id": self.user.pk, "item_id": self.item.pk,
                    "title": f"基准测试项目{number}", "budget": Decimal(100000), "ceiling_price": Decimal(100000),
                    "selection_method": "random", "service_days": 20,
                    "status": "completed" if number < contracts else "awarded", "closes_at": closes,
                    "closed_at": closes, "published_at": closes - datetime.timedelta(days=7),
                    "selected_at": closes + datetime.timedelta(days=1), "winner_id": bid_start + number,
                    "publicity_ends_at": closes + datetime.timedelta(days=4),
                    "awarded_at": closes + datetime.timedelta(days=4),
                    "created_at": closes - datetime.timedelta(days=8), "updated_at": closes,
                })
        with self.table(Bid) as table:
            for number, (agency, _owner, closes) in enumerate(plans):
                self.write(table, {
                    "id": bid_start + number, "job_id": job_start + number, "agency_id": agency,
                    "submitted_by_id": self.user.pk, "price": Decimal(80000), "promised_days": 15,
                    "random_value": f"{number:032x}", "receipt_number": f"BJBENCH{number:012d}", "status": "valid",
                    "rank": 1, "submitted_at": closes - datetime.timedelta(days=1), "updated_at": closes,
                })
        delivered_at = {}
        with self.table(Contract) as table:
            for number, (agency, owner, closes) in enumerate(plans):
                pk = contract_start + number
                signed = closes + datetime.timedelta(days=6)
                row = {
                    "id": pk, "number": f"HTBENCH{number:09d}", "job_id": job_start + number,
                    "bid_id": bid_start + number, "owner_id": owner, "agency_id": agency,
                    "template_version_id": self.version.pk, "price_fen": 8_000_000, "text": text,
                    "text_hash": text_hash, "created_by_id": self.user.pk,
                    "created_at": closes + datetime.timedelta(days=5),
                    "offered_at": closes + datetime.timedelta(days=5),
                    "promised_days": 15, "statutory_days": 20, "pdf": "",
                }
                if number >= contracts:  # refused
                    row.update(status="refused", sign_deadline=signed, refused_at=signed)
                    self.write(table, row)
                    continue
                late = 0 if self.rnd.random() < self.quality[agency] else self.rnd.randint(1, 10)
                delivered = signed + datetime.timedelta(days=21 + late)
                delivered_at[number] = delivered
                row.update(status="signed", signed_at=signed, service_started_at=signed, final_delivered_at=delivered,
                           deliverables_filed_at=delivered, working_days_taken=15 + late, days_late_promise=late,
                           days_late_statutory=late - 5)
                self.write(table, row)
        # one COPY at a time on a connection: the reviews after the contracts
        with self.table(Review) as table:
            for number, delivered in delivered_at.items():
                agency, owner, _closes = plans[number]
                quality = self.quality[agency]
                for direction, reviewer, rated, dimensions, average in (
                        ("owner", owner, agency, ("quality", "timeliness", "attitude", "fee_compliance"),
                         1 + 4 * min(1.0, max(0.0, self.rnd.gauss(quality, 0.15)))),
                        ("agency", agency, owner, ("payment_timeliness", "cooperation", "integrity"),
                         self.rnd.uniform(2.5, 5))):
                    average = Decimal(average).quantize(Decimal("0.01"))
                    self.write(table, {
                        "contract_id": contract_start + number, "direction": direction, "reviewer_id": reviewer,
                        "rated_id": rated,
                        "scores": json.dumps({d: int(average.to_integral_value()) for d in dimensions}),
                        "average": average, "text": "", "submitted_by_id": self.user.pk,
                        "submitted_at": delivered + datetime.timedelta(days=self.rnd.randint(1, 14)),
                        "status": "counted",
                    })
        with self.table(SigningRefusal) as table:
            for number in range(contracts, contracts + refusals):
                agency, _owner, closes = plans[number][0], plans[number][1], plans[number][2]
                deadline = closes + datetime.timedelta(days=6)
                self.write(table, {"contract_id": contract_start + number, "job_id": job_start + number,
                                   "agency_id": agency, "deadline": deadline, "recorded_at": deadline})

    def others(self):
        from bidding.models import Objection
        from reviews.models import CreditAction

        organisations = self.agencies + self.owners
        actions = len(organisations) // 10
        log(f"  {actions} regulators' credit records, {len(self.owners) * 4} upheld objections")
        with self.table(CreditAction) as table:
            for _ in range(actions):
                kind = "penalty" if self.rnd.random() < 0.7 else "commendation"
                self.write(table, {
                    "organisation_id": self.rnd.choice(organisations), "kind": kind,
                    "level": self.rnd.choices(["minor", "serious", "grave"], [70, 25, 5])[0] if kind == "penalty"
                    else "minor", "facts": "基准测试", "legal_basis": "基准测试", "decided_by_id": self.user.pk,
                    "decided_at": self.moment(3 * 365)})
        jobs = list(self.job_owner.items())
        with self.table(Objection) as table:
            for job, (_owner, bid, _agency) in self.rnd.sample(jobs, min(len(jobs), len(self.owners) * 4)):
                decided = self.moment(3 * 365)
                self.write(table, {
                    "job_id": job, "bid_id": bid, "raised_by_id": self.user.pk, "reasons": "基准测试",
                    "status": "upheld", "raised_at": decided - datetime.timedelta(days=5),
                    "escalated_at": decided - datetime.timedelta(days=3), "decision": "投诉成立。",
                    "decided_by_id": self.user.pk, "decided_at": decided})


# --- the measurements --------------------------------------------------------------------------------

def reset_credit():
    """--reuse: every organisation's credit back to the stored defaults, no grade change or period,
    as the seeding leaves them (audit entries stay: the log is append-only)."""
    from django.db import transaction

    from providers.models import Organisation
    from reviews.models import CreditPeriod, GradeChange
    from reviews.services.credit import FIELDS

    log("==> reset the stored credit (--reuse)")
    with transaction.atomic():
        GradeChange.objects.all().delete()
        CreditPeriod.objects.all().delete()
        Organisation.objects.update(**{name: Organisation._meta.get_field(name).get_default() for name in FIELDS})

def timed(command, *arguments):
    out = io.StringIO()
    started = time.monotonic()
    failed = None
    try:
        call_quietly(command, *arguments, stdout=out)
    except Exception as error:  # --check exits non-zero on a difference: report it
        failed = str(error)
    return time.monotonic() - started, out.getvalue().strip(), failed


def counts():
    from audit.models import AuditEntry
    from contracts.models import Contract, SigningRefusal
    from providers.models import Organisation
    from reviews.models import CreditAction, CreditPeriod, GradeChange, Review

    return {
        "agencies": Organisation.objects.filter(kind="agency").count(),
        "owners": Organisation.objects.filter(kind="owner").count(),
        "reviews": Review.objects.count(),
        "delivered contracts": Contract.objects.filter(days_late_promise__isnull=False).count(),
        "refusals": SigningRefusal.objects.count(),
        "credit records": CreditAction.objects.count(),
        "grade changes": GradeChange.objects.count(),
        "watch-list and suspension periods": CreditPeriod.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }


def distribution():
    from django.db.models import Count

    from providers.models import Organisation

    grades = dict(Organisation.objects.filter(kind="agency").values_list("credit_grade").annotate(n=Count("id")))
    standings = dict(Organisation.objects.filter(kind="agency").values_list("credit_standing")
                     .annotate(n=Count("id")))
    return grades, standings


def write_results(figures):
    f = figures
    first, second = f["first"], f["second"]
    events = f["events"]
    met = first["seconds"] < TARGET_SECONDS
    grades = ", ".join(f"{grade or '暂无等级'} {count:,}" for grade, count in sorted(f["grades"].items()))
    standings = ", ".join(f"{standing} {count:,}" for standing, count in sorted(f["standings"].items()))
    section = "\n".join([
        START,
        "## Credit recompute (issue 9)",
        "",
        "Written by `benchmarks/credit.py` (`.venv/bin/python benchmarks/credit.py`; options in its docstring): on a "
        "fresh PostgreSQL database it seeds the organisations and their events with COPY, then times "
        "`manage.py recompute_credit` in-process: every organisation in batches (`--batch-size`, default "
        f"{f['batch_size']}) shared by {f['workers']} processes (`--workers`; the default on this machine), each "
        "batch's events gathered with one query per source, scored by the pure engine, the changed rows written "
        "with one `UPDATE … FROM unnest(…)`, grade changes and watch-list periods with their audit entries in "
        "bulk.",
        "",
        f"Run {f['started']:%Y-%m-%d %H:%M} UTC, commit {f['commit']}. Machine: {f['machine']}, PostgreSQL "
        f"{f['postgres']}; load average {f['load_before']} before the measured runs and {f['load_after']} after "
        "(a shared machine: other work ran at the same time).",
        "",
        f"Data: {f['counts']['agencies']:,} agencies and {f['counts']['owners']:,} owners; "
        f"{f['counts']['reviews']:,} reviews (both sides of {f['counts']['reviews'] // 2:,} contracts), "
        f"{f['counts']['delivered contracts']:,} deliveries (on time or late), {f['counts']['refusals']:,} refusals "
        f"to sign, {f['counts']['credit records']:,} regulators' credit records, upheld objections against owners; "
        f"seeded in {f['seed_seconds']:.0f} s.",
        "",
        "| run | time | organisations/s | events/s | rows written |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| first: from the stored defaults, every row changes | **{first['seconds']:.1f} s** | "
        f"{f['organisations'] / first['seconds']:,.0f} | {events / first['seconds']:,.0f} | "
        f"{f['organisations']:,} organisations, {f['counts']['grade changes']:,} grade changes, "
        f"{f['counts']['watch-list and suspension periods']:,} periods, "
        f"{f['counts']['audit entries']:,} audit entries |",
        f"| second: nothing changed | {second['seconds']:.1f} s | {f['organisations'] / second['seconds']:,.0f} | "
        f"{events / second['seconds']:,.0f} | 0 |",
        "",
        f"- events counted: {events:,}; agencies by grade: {grades}; by the credit rules' standing: {standings}.",
        f"- `recompute_credit --check --sample {f['sample']}` (the bulk computation against the per-organisation one, "
        f"writing nothing): {f['check']['seconds']:.1f} s, "
        + ("**no difference**." if not f["check"]["failed"] else f"**{f['check']['failed']}**."),
        "",
        f"Target (issue 9): `recompute_credit` for 100,000 agencies with 2,000,000 reviews and their other events in "
        f"under {TARGET_SECONDS} s on this 2-core machine — " + ("**MET**" if met else "**MISSED**")
        + f" ({first['seconds']:.1f} s for the first run, which writes every row).",
        "",
        END,
    ])
    replace_section(START, END, section)


def main():
    args = parse_args()
    started = datetime.datetime.now(datetime.UTC)
    configure(args)
    if not args.reuse:
        recreate_database(database_url(args))
    import django

    django.setup()
    from django.core.management import call_command

    from reviews.services.credit import BATCH_SIZE, worker_count

    seed_seconds = 0.0
    try:
        if not args.reuse:
            log("==> migrate")
            call_command("migrate", interactive=False, verbosity=0)
            log("==> seed")
            seed_started = time.monotonic()
            Seeder(args).run()
            seed_seconds = time.monotonic() - seed_started
            log(f"    seeded in {seed_seconds:.0f} s")
        else:
            reset_credit()
        batch = ["--batch-size", str(args.batch_size)] if args.batch_size else []
        machine_line, load_before = machine()
        log("==> recompute_credit (first run)")
        first_seconds, first_out, first_failed = timed("recompute_credit", *batch)
        log(f"    {first_seconds:.1f} s: {first_out}")
        log("==> recompute_credit (second run)")
        second_seconds, second_out, _ = timed("recompute_credit", *batch)
        log(f"    {second_seconds:.1f} s: {second_out}")
        log(f"==> recompute_credit --check --sample {args.sample}")
        check_seconds, check_out, check_failed = timed("recompute_credit", "--check", "--sample", str(args.sample),
                                                       *batch)
        log(f"    {check_seconds:.1f} s: {check_failed or check_out}")
        _, load_after = machine()
        figures_counts = counts()
        grades, standings = distribution()
        organisations = figures_counts["agencies"] + figures_counts["owners"]
        events = int(first_out.split(" events")[0].split(", ")[-1]) if " events" in first_out else 0
        figures = {
            "started": started, "commit": commit_id(), "machine": machine_line, "postgres": postgres_version(),
            "load_before": load_before, "load_after": load_after, "seed_seconds": seed_seconds,
            "counts": figures_counts, "organisations": organisations, "events": events,
            "first": {"seconds": first_seconds, "failed": first_failed},
            "second": {"seconds": second_seconds}, "check": {"seconds": check_seconds, "failed": check_failed},
            "sample": args.sample, "grades": grades, "standings": standings,
            "batch_size": args.batch_size or BATCH_SIZE, "workers": worker_count(),
        }
        print(json.dumps({k: v for k, v in figures.items() if k != "started"}, default=str, indent=2,
                         ensure_ascii=False))
        if first_failed:
            raise SystemExit(f"recompute_credit failed: {first_failed}")
        if not args.no_results:
            write_results(figures)
            log(f"==> wrote its section of {RESULTS.relative_to(ROOT)}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(database_url(args))


if __name__ == "__main__":
    main()
