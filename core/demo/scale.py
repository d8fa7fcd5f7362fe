"""A large data set for `manage.py seed_scale`: agencies, their offers, owners, jobs over years in
a realistic mix of statuses, their bids and the bids' entry values, on top of seed_demo's
regions and catalogue.

Written for speed, not through the services: rows are generated as tuples by one seeded
generator and streamed into PostgreSQL with COPY (psycopg's `cursor.copy()`); on SQLite, for a
small run in development, the same rows go in with batched INSERTs. Ids are given here (after
the largest existing one), so a job can name its winning bid before the bids are written: the
foreign keys are DEFERRABLE INITIALLY DEFERRED and the whole load is one transaction, checked at
its commit, so a failed run leaves nothing behind.

What the models and the rules require is kept: one USCC per organisation (with correct check
digits), a receipt number per bid unlike any other (the services' are BJ + date + ten hex digits,
these BJ + date + S + a serial), one live bid per agency and job and distinct random values, the
published SHA-256 of each job's draw seed, a closing time for every published job, bids sealed
(live) while the window is open, a winner's bid ranked first and valid. Not made: draws,
objections, certificates, practitioners and audit entries (lists do not show them).

Scale rows are marked by their organisations' e-mail domain (SCALE_DOMAIN): a second run finds
them and refuses.
"""
import datetime
import hashlib
import json
import random
from array import array
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone
from stdnum.cn import uscc as uscc_lib

from bidding.models import Bid, Job, JobEntryValue
from core.db import copy_into
from marketplace.models import AgencyService, ServiceItem
from providers.models import Organisation, Region

from . import people

SCALE_DOMAIN = "scale.zjcs.example.cn"
SCALE_USER = f"scale@{SCALE_DOMAIN}"
YEARS = 5  # jobs are published over the last five years
S = Job.Status

# Statuses by how long ago a job was published (days): the old ones ended long ago, the recent
# ones are open, judged or in publicity. Weights in percent.
STATUS_BY_AGE = [
    (7, [(S.PUBLISHED, 90), (S.CANCELLED, 10)]),
    (14, [(S.CLOSED, 15), (S.SELECTED, 5), (S.PUBLICITY, 50), (S.AWARDED, 15), (S.FAILED, 10), (S.CANCELLED, 5)]),
    (180, [(S.AWARDED, 15), (S.CONTRACTED, 20), (S.IN_SERVICE, 30), (S.DELIVERED, 5), (S.ACCEPTED, 5),
           (S.COMPLETED, 13), (S.FAILED, 8), (S.CANCELLED, 3), (S.TERMINATED, 1)]),
    (None, [(S.COMPLETED, 80), (S.ACCEPTED, 2), (S.FAILED, 10), (S.CANCELLED, 5), (S.TERMINATED, 3)]),
]
DRAFT_SHARE = 0.01
WITH_WINNER = {S.SELECTED, S.PUBLICITY, S.AWARDED, S.CONTRACTED, S.IN_SERVICE, S.DELIVERED, S.ACCEPTED,
               S.COMPLETED, S.TERMINATED}
JUDGED = WITH_WINNER | {S.CLOSED, S.FAILED}
STATUS_CODES = list(S)
PROJECTS = ["道路改建工程", "污水处理厂扩建工程", "农村供水保障工程", "学校教学楼建设项目", "人民医院综合楼建设项目",
            "工业园区标准化厂房项目", "河道综合治理工程", "垃圾焚烧发电项目", "安置小区建设项目", "体育中心建设项目",
            "物流园区建设项目", "高标准农田建设项目", "光伏发电项目", "天然气管网改造工程", "老旧小区改造项目"]
TOWNS = ["城北", "城南", "东湖", "西山", "新区", "高新区", "经开区", "滨江", "柏隆", "孝泉", "黄许", "八角井"]
INVALID_REASONS = ["报价超过最高限价。", "承诺服务时限超过项目要求。", "资质证书在服务期限届满前到期。"]


@dataclass
class Loaded:
    rows: dict = field(default_factory=dict)  # table → rows written

    def add(self, model, count):
        self.rows[model._meta.db_table] = self.rows.get(model._meta.db_table, 0) + count


def already_seeded():
    """How many scale agencies there are (0: none)."""
    return Organisation.objects.filter(kind=Organisation.Kind.AGENCY, contact_email__endswith="@" + SCALE_DOMAIN).count()


class Table:
    """Writes rows of `model` given as dicts of column values; every other column takes its
    field's default (or NULL, or ""), and a NOT NULL column with none must be given."""

    def __init__(self, model, writer):
        self.model = model
        self.writer = writer
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.defaults = [self._default(f) for f in self.fields]

    @staticmethod
    def _default(field_):
        if field_.has_default():
            value = field_.get_default()
            return json.dumps(value) if isinstance(field_, models.JSONField) else value
        if field_.null:
            return None
        if isinstance(field_, models.CharField | models.TextField):
            return ""
        return Table  # required: a row without it is a bug here

    def __enter__(self):
        self.sink = self.writer.open(self.model, self.fields)
        return self

    def write(self, row):
        values = [row.get(column, default) for column, default in zip(self.columns, self.defaults)]
        if Table in values:
            missing = [c for c, v in zip(self.columns, values) if v is Table]
            raise ValueError(f"{self.model.__name__}: no value for {missing}")
        self.sink.write(values)

    def __exit__(self, *exc):
        self.sink.close(failed=exc[0] is not None)


class PostgresWriter:
    """COPY … FROM STDIN through psycopg 3 (core.db.copy_into)."""

    def open(self, model, fields):
        copying = copy_into(model._meta.db_table, [f.column for f in fields])
        write = copying.__enter__()

        class Sink:
            def write(self, values):
                write(values)

            def close(self, failed):
                if failed:
                    copying.__exit__(RuntimeError, RuntimeError("seeding failed"), None)
                else:
                    copying.__exit__(None, None, None)

        return Sink()

    def finish(self, models_with_ids):
        with connection.cursor() as cursor:
            for model in models_with_ids:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM \"{table}\"))", [f'"{table}"']
                )
                cursor.execute(f'ANALYZE "{table}"')


class InsertWriter:
    """Batched INSERTs, each value prepared by its field (SQLite: development only)."""

    BATCH = 5000

    def open(self, model, fields):
        table = model._meta.db_table
        sql = f'INSERT INTO "{table}" ({", ".join(chr(34) + f.column + chr(34) for f in fields)}) ' \
              f'VALUES ({", ".join(["%s"] * len(fields))})'
        batch = []

        def prepared(values):
            return [v if v is None else f.get_db_prep_save(v, connection) if not isinstance(f, models.JSONField) else v
                    for f, v in zip(fields, values)]

        class Sink:
            def write(self, values):
                batch.append(prepared(values))
                if len(batch) >= InsertWriter.BATCH:
                    self.flush()

            def flush(self):
                if batch:
                    with connection.cursor() as cursor:
                        cursor.executemany(sql, batch)
                    batch.clear()

            def close(self, failed):
                if not failed:
                    self.flush()

        return Sink()

    def finish(self, models_with_ids):
        pass


def uscc(prefix, region_code, serial):
    """A USCC with correct check digits (GB 11714 for the organisation code, GB 32100 for the
    whole), unique by `serial`."""
    digits = f"{serial:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
    body = prefix + region_code + digits + {10: "X", 11: "0"}.get(check, str(check))
    return body + uscc_lib.calc_check_digit(body)


class ScaleSeeder:
    def __init__(self, *, agencies, jobs, bids_per_job, owners=None, seed=20190815, progress=None, now=None):
        self.agency_count = agencies
        self.job_count = jobs
        self.bids_per_job = bids_per_job
        self.owner_count = owners or max(50, agencies // 20)
        self.rnd = random.Random(seed)
        self.progress = progress or (lambda total, desc: _NoBar())
        self.now = now or timezone.now()
        self.loaded = Loaded()
        self.writer = PostgresWriter() if connection.vendor == "postgresql" else InsertWriter()

    # --- orchestration ------------------------------------------------------------------------
    def run(self):
        self.items = list(ServiceItem.objects.filter(is_active=True).order_by("code").values_list("pk", "statutory_days"))
        self.counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("code").values_list(
            "code", "full_name"))
        if not self.items or not self.counties:
            raise LookupError("no catalogue or regions: run `manage.py seed_demo` first")
        self.sichuan = [row for row in self.counties if row[0].startswith("51")]
        self.taken_uscc = set(Organisation.objects.values_list("uscc", flat=True))
        with transaction.atomic():
            self.user = self._user()
            self.next_id = {model: (model.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
                            for model in (Organisation, AgencyService, Job, Bid)}
            self.load_agencies()
            self.load_owners()
            self.load_jobs()
            self.load_bids()
        self.writer.finish([Organisation, AgencyService, Job, Bid, JobEntryValue])
        return self.loaded

    def _user(self):
        """The member in whose name the scale jobs and bids were made (no login)."""
        user = get_user_model().objects.filter(email=SCALE_USER).first()
        if user is None:
            user = get_user_model().objects.create_user(email=SCALE_USER, password=None, full_name="规模测试数据")
        return user

    def _ids(self, model, count):
        start = self.next_id[model]
        self.next_id[model] = start + count
        return start

    def _moment(self, days_ago_max, days_ago_min=0):
        seconds = self.rnd.uniform(days_ago_min * 86400, days_ago_max * 86400)
        return self.now - datetime.timedelta(seconds=seconds)

    def _region(self):
        return self.rnd.choice(self.sichuan if self.sichuan and self.rnd.random() < 0.6 else self.counties)

    def _person(self):
        return self.rnd.choice(people.SURNAMES) + self.rnd.choice(people.GIVEN)

    def _uscc(self, prefix, region_code):
        while True:
            self.serial = getattr(self, "serial", 10_000_000) + 1
            code = uscc(prefix, region_code, self.serial)
            if code not in self.taken_uscc:
                self.taken_uscc.add(code)
                return code

    # --- organisations ------------------------------------------------------------------------
    def load_agencies(self):
        start = self._ids(Organisation, self.agency_count)
        self.agency_ids = range(start, start + self.agency_count)
        self.offerers = {pk: [] for pk, _days in self.items}
        offers = []
        bar = self.progress(self.agency_count, "中介机构")
        with Table(Organisation, self.writer) as table:
            for number, pk in enumerate(self.agency_ids):
                code, full_name = self._region()
                business, _categories = self.rnd.choice(people.BUSINESSES)
                place = full_name.replace("四川省", "").split("市")[0][:6]
                name = f"{place}{self.rnd.choice(people.BRANDS)}{business}{self.rnd.choice(people.SUFFIXES)}"
                created = self._moment(YEARS * 365)
                row = {
                    "id": pk, "kind": Organisation.Kind.AGENCY, "uscc": self._uscc("91", code), "name": name,
                    "legal_representative": self._person(), "region_id": code,
                    "address": f"{full_name}{self.rnd.choice(TOWNS)}路{self.rnd.randint(1, 399)}号",
                    "contact_name": self._person(), "contact_phone": f"028-{self.rnd.randint(2000000, 8999999)}",
                    "contact_email": f"agency{number}@{SCALE_DOMAIN}", "created_at": created, "updated_at": created,
                }
                if self.rnd.random() < 0.6:  # rated by the credit rules
                    score = Decimal(self.rnd.randint(500, 1000)) / 10
                    row.update(credit_score=score, credit_rated_at=created + datetime.timedelta(days=30),
                               credit_grade="A" if score >= 90 else "B" if score >= 80 else "C" if score >= 70 else "D")
                chance = self.rnd.random()
                if chance < 0.007:
                    row.update(standing=self.rnd.choice(["suspended", "blacklisted", "watch"]),
                               standing_reason="演示：违反服务承诺。", standing_since=self._moment(90),
                               standing_until=self.now + datetime.timedelta(days=self.rnd.randint(10, 300)))
                table.write(row)
                for item_pk, statutory in self.rnd.sample(self.items, min(len(self.items), self.rnd.randint(1, 6))):
                    offers.append((pk, item_pk, statutory, created))
                    self.offerers[item_pk].append(pk)
                bar.update(1)
        bar.close()
        self.loaded.add(Organisation, self.agency_count)
        self.load_offers(offers)

    def load_offers(self, offers):
        start = self._ids(AgencyService, len(offers))
        bar = self.progress(len(offers), "服务承诺")
        with Table(AgencyService, self.writer) as table:
            for number, (agency, item, statutory, created) in enumerate(offers):
                table.write({
                    "id": start + number, "agency_id": agency, "item_id": item,
                    "service_days": max(1, statutory - self.rnd.randint(0, max(1, statutory // 3))),
                    "fee_quote": self.rnd.choice(["严格执行政府指导价", "按市场调节价，一事一议", "按工作量核算，签约前书面报价"]),
                    "service_standard": "按国家及行业技术规范编制，一次性告知所需资料，限时办结。",
                    "created_at": created, "updated_at": created,
                })
                bar.update(1)
        bar.close()
        self.loaded.add(AgencyService, len(offers))

    def load_owners(self):
        start = self._ids(Organisation, self.owner_count)
        self.owner_ids = []
        bar = self.progress(self.owner_count, "项目业主")
        with Table(Organisation, self.writer) as table:
            for number in range(self.owner_count):
                code, full_name = self._region()
                name, owner_type = people.OWNER_NAMES[number % len(people.OWNER_NAMES)]
                county = full_name.replace("四川省", "")
                created = self._moment(YEARS * 365 + 200, YEARS * 365)
                table.write({
                    "id": start + number, "kind": Organisation.Kind.OWNER,
                    "uscc": self._uscc("11" if owner_type == "department" else "91", code),
                    "name": f"{county}{name}（{number + 1}）", "owner_type": owner_type, "region_id": code,
                    "legal_representative": self._person(), "address": f"{full_name}人民路{number % 300 + 1}号",
                    "contact_name": self._person(), "contact_phone": f"0838-{self.rnd.randint(2000000, 8999999)}",
                    "contact_email": f"owner{number}@{SCALE_DOMAIN}", "created_at": created, "updated_at": created,
                })
                self.owner_ids.append((start + number, code))
                bar.update(1)
        bar.close()
        self.loaded.add(Organisation, self.owner_count)

    # --- jobs ---------------------------------------------------------------------------------
    def _status(self, age_days):
        for limit, choices in STATUS_BY_AGE:
            if limit is None or age_days <= limit:
                statuses, weights = zip(*choices)
                return self.rnd.choices(statuses, weights)[0]

    def load_jobs(self):
        count = self.job_count
        start = self._ids(Job, count)
        self.job_start = start
        self.bid_start = self._ids(Bid, count * self.bids_per_job)
        # What the bids need of each job, compactly (a million jobs): index into STATUS_CODES, the
        # item's index, publication and close as timestamps, the ceiling, the service days.
        self.job_status = array("b", bytes(count))
        self.job_item = array("i", bytes(4 * count))
        self.job_published = array("d", bytes(8 * count))
        self.job_closes = array("d", bytes(8 * count))
        self.job_ceiling = array("i", bytes(4 * count))
        self.job_days = array("h", bytes(2 * count))
        methods = list(Job.Method)
        bar = self.progress(count, "采购项目")
        with Table(Job, self.writer) as table:
            for number in range(count):
                pk = start + number
                owner, region_code = self.rnd.choice(self.owner_ids)
                item_index = self.rnd.randrange(len(self.items))
                item_pk, statutory = self.items[item_index]
                draft = self.rnd.random() < DRAFT_SHARE
                published = None if draft else self._moment(YEARS * 365)
                status = S.DRAFT if draft else self._status((self.now - published).total_seconds() / 86400)
                created = (published or self._moment(30)) - datetime.timedelta(hours=self.rnd.randint(1, 72))
                closes = (published or created) + datetime.timedelta(days=7, hours=self.rnd.randint(0, 8))
                ceiling = self.rnd.randrange(20_000, 500_000, 1000)
                method = self.rnd.choice(methods)
                seed = f"{self.rnd.getrandbits(256):064x}"
                days = max(5, statutory + self.rnd.randint(-5, 15))
                year = (published or created).year
                row = {
                    "id": pk, "owner_id": owner, "created_by_id": self.user.pk, "item_id": item_pk,
                    "title": f"{self.rnd.choice(TOWNS)}{self.rnd.choice(PROJECTS)}（{number + 1}）",
                    "project_code": f"{year}-{region_code}-{self.rnd.randint(10, 89)}-01-{number + 1:06d}",
                    "fiscal_funds": self.rnd.random() < 0.5, "budget": Decimal(ceiling),
                    "ceiling_price": Decimal(ceiling), "selection_method": method, "service_days": days,
                    "weights": json.dumps({"price": 30, "credit": 20, "rating": 10, "plan": 40}
                                          if method == Job.Method.SCORING else {}),
                    "closes_at": closes, "status": status, "draw_seed": seed,
                    "draw_commitment": hashlib.sha256(seed.encode()).hexdigest(), "published_at": published,
                    "created_at": created, "updated_at": published or created,
                }
                if status in JUDGED or (status == S.CANCELLED and closes < self.now):
                    row["closed_at"] = closes
                if status in WITH_WINNER:
                    row.update(selected_at=closes + datetime.timedelta(days=1),
                               winner_id=self.bid_start + number * self.bids_per_job,
                               selection_reason="按公布的选取方式确定。")
                    if status != S.SELECTED:
                        row["publicity_ends_at"] = closes + datetime.timedelta(days=4)
                    if status not in (S.SELECTED, S.PUBLICITY):
                        row["awarded_at"] = closes + datetime.timedelta(days=4)
                if status in (S.COMPLETED, S.FAILED, S.CANCELLED, S.TERMINATED):
                    row["ended_at"] = min(self.now, closes + datetime.timedelta(days=self.rnd.randint(1, 120)))
                    row["end_reason"] = {S.FAILED: "有效报名不足三家，流标。", S.CANCELLED: "项目调整，撤销公告。",
                                         S.TERMINATED: "中选机构未按承诺履约，终止服务。"}.get(status, "")
                if status == S.DRAFT:
                    row["closes_at"] = None
                table.write(row)
                self.job_status[number] = STATUS_CODES.index(status)
                self.job_item[number] = item_index
                self.job_published[number] = (published or created).timestamp()
                self.job_closes[number] = closes.timestamp()
                self.job_ceiling[number] = ceiling
                self.job_days[number] = days
                bar.update(1)
        bar.close()
        self.loaded.add(Job, count)

    # --- bids -----------------------------------------------------------------------------------
    def load_bids(self):
        per_job = self.bids_per_job
        written = 0
        now = self.now.timestamp()
        bar = self.progress(self.job_count * per_job, "报名报价")
        with Table(Bid, self.writer) as table:
            for number in range(self.job_count):
                status = STATUS_CODES[self.job_status[number]]
                if status == S.DRAFT or per_job == 0:
                    bar.update(per_job)
                    continue
                pool = self.offerers[self.items[self.job_item[number]][0]] or list(self.agency_ids)
                agencies = self.rnd.sample(pool, min(per_job, len(pool)))
                published, closes = self.job_published[number], self.job_closes[number]
                if status == S.FAILED:
                    states = [Bid.Status.INVALID] * len(agencies)
                elif status in JUDGED or (status == S.CANCELLED and closes < now):
                    states = [Bid.Status.VALID] * len(agencies)
                    if len(agencies) > 2 and self.rnd.random() < 0.2:
                        states[-1] = Bid.Status.INVALID
                else:  # the window is open (or was cancelled before its close): sealed
                    states = [Bid.Status.LIVE] * len(agencies)
                values = set()
                for slot, (agency, state) in enumerate(zip(agencies, states)):
                    value = f"{self.rnd.getrandbits(128):032x}"
                    while value in values:
                        value = f"{self.rnd.getrandbits(128):032x}"
                    values.add(value)
                    submitted = datetime.datetime.fromtimestamp(self.rnd.uniform(published, min(closes, now)),
                                                                tz=datetime.UTC)
                    pk = self.bid_start + number * per_job + slot
                    ceiling = self.job_ceiling[number]
                    row = {
                        "id": pk, "job_id": self.job_start + number, "agency_id": agency,
                        "submitted_by_id": self.user.pk,
                        "price": Decimal(self.rnd.randrange(int(ceiling * 0.7), ceiling + 1, 100)),
                        "promised_days": max(1, self.job_days[number] - self.rnd.randint(0, 5)),
                        "random_value": value,
                        "receipt_number": f"BJ{timezone.localtime(submitted):%Y%m%d}S{pk:09d}",
                        "status": state, "submitted_at": submitted, "updated_at": submitted,
                    }
                    if state == Bid.Status.INVALID:
                        row["invalid_reason"] = self.rnd.choice(INVALID_REASONS)
                    if status in WITH_WINNER and state == Bid.Status.VALID:
                        row["rank"] = slot + 1  # the first bid is the winner: the job names it
                    table.write(row)
                written += len(agencies)
                bar.update(per_job)
        bar.close()
        self.loaded.add(Bid, written)
        self.load_entry_values()

    def load_entry_values(self):
        """Each bid's random value as its agency's entry value for the job (bidding.draw keeps
        one per agency and job, and a bid carries a copy)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {JobEntryValue._meta.db_table} (job_id, agency_id, value, created_at) "
                f"SELECT job_id, agency_id, random_value, submitted_at FROM {Bid._meta.db_table} WHERE id >= %s",
                [self.bid_start],
            )
            self.loaded.add(JobEntryValue, cursor.rowcount)


class _NoBar:
    def update(self, count):
        pass

    def close(self):
        pass
