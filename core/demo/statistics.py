"""The statistics part of the oversight demo (core/demo/oversight.py): two years of finished jobs
behind the demo's stories, so the charts have something to say, then the summary refreshed.

The demo's own jobs (core/demo/jobs.py) are a few dozen stories over recent weeks: too few for a
month-by-month chart with a year-earlier comparison. So the demo has what a platform taking over
from an earlier one has: its history, imported. As core/demo/scale.py does, the past jobs are
written in bulk straight into the tables (not through the services: there is no actor and
nothing to notify about two-year-old work; the contracts were signed on paper, so they carry no
online signatures, and the jobs were selected by lowest price or directly, so they need no draw
proof): for each of the last HISTORY_MONTHS months some
jobs of the demo owners (not the demo login's own organisation, whose pages show its stories)
with their bids and, for most, a signed contract completed in that month. Everything comes from
one seeded generator, so the rows are the same on every fresh database.

Realistic, not random noise: the service time stays near the statutory limit in the first year
and falls in the last twelve months from about 75 % to about 52 % of it (the −30 % goal against
a year earlier met), prices come in 3–20 %
under the budget, most jobs draw 2–6 valid bids and some only one, about one job in twelve
fails. The contracts carry the working days taken but no lateness figures, deliveries or
reviews: the credit record (already computed by then) and the reviews' windows ignore them.

Idempotent: the history jobs are found by their investment project code (industry "74", kind
"03", serial 9xxxxx) and written only when there are none; the summary is refreshed when they
were written or when it is empty (a second run writes nothing, not even an audit entry; the
scheduled `refresh_statistics` keeps it up to date afterwards).
"""
import datetime
import hashlib
import random

from django.utils import timezone

from bidding.models import Bid, Job
from contracts.models import Contract, TemplateVersion
from marketplace.models import AgencyService, ServiceItem

HISTORY_MONTHS = 24
MARK = "-74-03-9"  # in the project code of every history job
SEED = 20190815 + 11
PROJECTS = ["道路改建工程", "污水管网工程", "农村供水保障工程", "学校教学楼建设项目", "综合楼建设项目",
            "标准化厂房项目", "河道综合治理工程", "安置小区建设项目", "物流园区建设项目", "光伏发电项目"]
TOWNS = ["城北", "城南", "东湖", "新区", "高新区", "经开区", "柏隆", "孝泉", "黄许", "八角井"]


def seed(seeder):
    from oversight.models import StatsMonth
    from oversight.services.statistics import statistics_refresh

    written = False
    if not Job.objects.filter(project_code__contains=MARK).exists():
        History(seeder).write()
        written = True
    if written or not StatsMonth.objects.exists():
        statistics_refresh(actor=None, months=None)


class History:
    def __init__(self, seeder):
        self.seeder = seeder
        self.rnd = random.Random(SEED)
        self.now = timezone.now()
        self.tz = timezone.get_default_timezone()

    def write(self):
        owners = list(getattr(self.seeder, "owners", []) or [])
        owners = owners[1:] or owners  # the demo login's organisation keeps its own stories only
        offers = {}
        for agency_id, item_id in (AgencyService.objects.filter(agency__kind="agency", item__is_active=True)
                                   .order_by("item_id", "agency_id").values_list("agency_id", "item_id")):
            offers.setdefault(item_id, []).append(agency_id)
        items = list(ServiceItem.objects.filter(pk__in=offers, is_active=True).order_by("code"))
        version = TemplateVersion.objects.filter(status=TemplateVersion.Status.PUBLISHED).order_by("pk").first()
        user = getattr(self.seeder, "owner_admin", None)
        if not owners or not items or version is None or user is None:
            return
        jobs, bids, contracts = [], [], []
        serial = 0
        for back in range(HISTORY_MONTHS, 0, -1):
            month = self._month_start(back)
            # the share of the statutory limit the agencies take: ~97 % before the reform a year
            # ago, then falling month by month from ~75 % to ~52 %
            share = 0.98 - 0.02 * (HISTORY_MONTHS - back) / 12 if back >= 12 else 0.75 - 0.23 * (11 - back) / 10
            for _n in range(self.rnd.randint(9, 14)):
                serial += 1
                owner, item = self.rnd.choice(owners), self.rnd.choice(items)
                job, job_bids, contract = self._job(serial, month, share, owner, item, offers[item.pk], user,
                                                    version)
                if job is None:
                    continue
                jobs.append(job)
                bids.extend(job_bids)
                if contract is not None:
                    contracts.append(contract)
        Job.objects.bulk_create(jobs, batch_size=500)
        for bid in bids:
            bid.job_id = bid.job.pk
        Bid.objects.bulk_create(bids, batch_size=1000)
        winners = []
        for job in jobs:
            if getattr(job, "_winner", None) is not None:
                job.winner_id = job._winner.pk
                winners.append(job)
        Job.objects.bulk_update(winners, ["winner"], batch_size=500)
        for contract in contracts:
            contract.job_id, contract.bid_id = contract.job.pk, contract.bid.pk
        Contract.objects.bulk_create(contracts, batch_size=500)

    def _month_start(self, back):
        today = timezone.localdate(self.now)
        index = today.year * 12 + today.month - 1 - back
        return datetime.datetime(index // 12, index % 12 + 1, 1, tzinfo=self.tz)

    def _moment(self, start, days):
        return start + datetime.timedelta(days=self.rnd.uniform(0, days), hours=self.rnd.randint(9, 16))

    def _job(self, serial, month, share, owner, item, offerers, user, version):
        """One job completed (or failed) around `month`: its completion falls in the month."""
        rnd = self.rnd
        statutory = item.statutory_days
        factor = share + rnd.uniform(-0.08, 0.08)
        taken = max(1, round(statutory * factor))
        promised = max(taken - rnd.randint(-3, 4), 1) if rnd.random() < 0.85 else max(1, taken - rnd.randint(2, 6))
        delivered = self._moment(month, 27)
        awarded = delivered - datetime.timedelta(days=round(taken * 1.4) + rnd.randint(2, 6))
        closes = awarded - datetime.timedelta(days=4)
        published = closes - datetime.timedelta(days=rnd.randint(5, 9))
        if delivered >= self.now - datetime.timedelta(days=1):
            return None, [], None
        budget = rnd.randrange(20_000, 400_000, 1000)
        failed = rnd.random() < 0.08
        region = owner.region_id
        seed = f"{rnd.getrandbits(256):064x}"
        job = Job(
            owner=owner, created_by=user, item=item,
            title=f"{rnd.choice(TOWNS)}{rnd.choice(PROJECTS)}{item.name}（{published:%Y}年第{serial}号）",
            project_code=f"{published:%Y}-{region}{MARK}{serial:05d}", description="历史数据（自原平台导入）：已完成的中介服务项目。",
            fiscal_funds=rnd.random() < 0.5, budget=budget, ceiling_price=budget,
            selection_method=rnd.choice([Job.Method.LOWEST_PRICE, Job.Method.DIRECT]),
            service_days=max(statutory, promised), closes_at=closes, published_at=published, closed_at=closes,
            draw_seed=seed, draw_commitment=hashlib.sha256(seed.encode()).hexdigest(),
            status=Job.Status.FAILED if failed else Job.Status.COMPLETED,
        )
        count = 1 if rnd.random() < 0.12 else rnd.randint(2, 6)
        agencies = rnd.sample(offerers, min(count, len(offerers)))
        bids = []
        winning = round(budget * rnd.uniform(0.80, 0.97))
        for slot, agency_id in enumerate(agencies):
            price = winning if slot == 0 else min(budget, round(winning * rnd.uniform(1.01, 1.15)))
            submitted = self._moment(published, 4)
            bids.append(Bid(
                job=job, agency_id=agency_id, submitted_by=user, price=price, promised_days=promised,
                random_value=f"{rnd.getrandbits(128):032x}",
                receipt_number=f"BJ{timezone.localtime(submitted):%Y%m%d}H{serial:05d}{slot}",
                status=Bid.Status.INVALID if failed else Bid.Status.VALID, submitted_at=submitted,
                updated_at=submitted, rank=None if failed else slot + 1,
                invalid_reason="有效报名不足，流标。" if failed else ""))
        if failed:
            job.ended_at = closes + datetime.timedelta(hours=1)
            job.end_reason = "有效报名不足三家，流标。"
            return job, bids, None
        job._winner = bids[0]
        job.selected_at = closes + datetime.timedelta(hours=2)
        job.publicity_ends_at = awarded
        job.awarded_at = awarded
        job.selection_reason = "按公布的选取方式确定。"
        job.ended_at = delivered + datetime.timedelta(days=3)
        signed = awarded + datetime.timedelta(days=1)
        text = f"演示历史合同（{item.name}）：按示范文本签订，合同价款 {winning} 元。"
        contract = Contract(
            number=f"HT-LS-{serial:06d}", job=job, bid=bids[0], owner=owner, agency_id=agencies[0],
            template_version=version, status=Contract.Status.SIGNED, price_fen=winning * 100, text=text,
            text_hash=hashlib.sha256(text.encode()).hexdigest(), created_by=user, created_at=awarded,
            offered_at=awarded, signed_at=signed, service_started_at=signed, final_delivered_at=delivered,
            working_days_taken=taken, promised_days=promised, statutory_days=statutory)
        return job, bids, contract
