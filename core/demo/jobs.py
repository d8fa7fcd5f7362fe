"""Demo jobs (采购项目) in every state of their life, made by the real bidding services.

Each scene is one job's story, written as a generator that yields the moment of its next step:
the scheduler (`_play`) runs every scene's steps in time order, each inside
`time_machine.travel(moment, tick=False)`, so the owner publishes, agencies bid before the
close, the clock closes the window (`job_close_if_due`), the owner selects, publicity starts
and the clock awards (`publicity_end_if_due`) at the moments they would have happened. Every
audit entry, receipt, seed commitment, draw, notice and objection is the services' own, and
the audit chain is written in time order. Moments are counted in working days back from
today, so the open jobs are still open, the publicity periods still running and the awaiting
job still awaiting when the demo is seeded.

Draws take a public beacon value fixed after the close (bidding/services/beacon.py): with the
regulators' source (the default), before each draw the owner asks, the first demo regulator
types that evening's 福彩3D numbers and the second confirms them; the awaiting random-draw job
is left with the owner's request, for a regulator to enter.

The life after the award is played by core/demo/contracts.py through the contracts services.
One thing has no service, and `_advance_directly` writes it (states.move on the locked job, the
matching timestamps, an audit entry marked as demo data): a job held in SELECTED: the selection
services start the publicity period in the same transaction, so SELECTED never lasts; one demo
job shows it with its selection recorded (winner, rank, reason) and no publicity started.

Who acts: the demo logins for their organisations (刘建华 for the first owner, 陈晓东 for the
first agency); every other organisation that takes part gets its contact person as a member
with an unusable password (they exist so the services have a member to act; they are not
logins). The draw seeds and bids' random values come from `secrets`, as in production, so the
winners of random draws differ between fresh databases; every other choice comes from the
seeded generator.

Idempotent: a scene is found by its investment project code (without its year) and skipped
whole when its job exists. E-mail: the notices land in the in-site inboxes; `without_email`
keeps the e-mails of these past events from being sent.
"""
import contextlib
import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audit.actions import Action
from audit.services import audit_record
from bidding import auction as auction_rules
from bidding import beacon as beacon_sources
from bidding import states
from bidding.eligibility import bid_refusal
from bidding.method_params import params_of
from bidding.models import Auction, Bid, Draw, DrawBeacon, Job, Objection
from bidding.selectors.beacon import configured_source, draw_needed
from bidding.selectors.capacity import loads as capacity_loads
from bidding.selectors.quote import quote_rows
from bidding.selectors.selection import abnormally_low_ids, lowest_price_preview, score_rows
from bidding.services import beacon as beacon_services
from bidding.services import bids as bid_services
from bidding.services import jobs as job_services
from bidding.services import objections as objection_services
from bidding.services import quote as quote_services
from bidding.services import selection
from bidding.services.auction import auction_advance_if_due, auction_move, auction_select, auction_start
from bidding.services.best_price import select_best_price
from bidding.services.capacity import capacity_declare
from bidding.services.closing import job_close_if_due
from bidding.services.credit_draw import select_shortlisted, shortlist_draw
from bidding.services.publicity import publicity_end_if_due
from contracts.models import Contract
from core import notifications
from core.workdays import calendar_from_db
from marketplace.fees import calculate_fee, fee_range
from marketplace.models import AgencyCapacity, AgencyService, ServiceItem
from marketplace.services.offers import offer_add
from providers.models import Membership, Regulator, Standing
from providers.services.standing import standing_set
from reviews.models import DepartmentRating
from reviews.services.department import department_rating_record

from .contracts import ContractStory
from .credit import credit_stories, reserved

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = Job.Status
M = Job.Method
WEIGHTS = {"price": 30, "credit": 20, "rating": 10, "plan": 40}
SELECTED_NOTE = "演示数据：选取结果已记录，结果公示尚未开始。"


@dataclass(frozen=True)
class Scene:
    serial: str  # the last part of the project code, unique among the scenes
    owner: int  # index into the demo owners (wraps around when there are fewer)
    project: str
    region: str  # county code in the project code
    industry: str  # 国民经济行业 code in the project code
    item: str | None  # service item code; None: one the demo agency offers
    method: str
    end: str  # the status the story ends in
    ago: int  # working days before today the job is published
    window: int = 5  # working days from publication to the close
    bidders: int = 4
    quantity: str | None = None  # the fee-rule quantity for government-priced items
    budget: int | None = None  # for market-priced items
    discount: bool = False  # quote as 下浮率 (government-priced items)
    demo_agency: str = ""  # "bid", "lose" (bids highest and objects), "win" (bids lowest)
    twist: str = ""  # tie, abnormal, update, withdraw, suspend, reannounce, objection, open_objection, scores
    kind: str = "01"  # 01 审批, 02 核准, 03 备案

    def code_tail(self):
        return f"-{self.region}-{self.industry}-{self.kind}-{self.serial}"


SCENES = [
    # --- the present: drafts, open windows, awaiting selection, publicity --------------------------
    Scene("000118", 0, "德阳市旌阳区天山南路（泰山路至长江路段）改建工程", "510603", "48", "ZJ-HJ-002", M.RANDOM,
          S.DRAFT, ago=1, budget=78000),
    Scene("000131", 3, "什邡市马祖镇农村供水保障工程", "510682", "46", "ZJ-SB-001", M.LOWEST_PRICE, S.DRAFT,
          ago=1, quantity="3600"),
    Scene("000123", 0, "德阳市城区污水处理厂三期扩建工程", "510603", "46", None, M.LOWEST_PRICE, S.PUBLISHED,
          ago=1, window=4, budget=126000, demo_agency="bid", twist="update"),
    Scene("000142", 2, "罗江区白马关景区游客中心建设项目", "510604", "47", "ZJ-NY-001", M.SCORING, S.PUBLISHED,
          ago=1, window=6, quantity="8600", bidders=3, twist="withdraw"),
    Scene("000137", 1, "广汉市三星堆大道东延线新建工程", "510681", "48", "ZJ-HJ-001", M.RANDOM, S.PUBLISHED,
          ago=1, window=5, budget=260000, bidders=3),
    Scene("000109", 0, "什邡市经济开发区（北区）污水处理厂新建工程", "510682", "46", None, M.RANDOM, S.CLOSED,
          ago=6, budget=68000, demo_agency="bid"),
    Scene("000151", 1, "德阳市人民医院门急诊综合楼建设项目", "510603", "47", "ZJ-GC-001", M.SCORING, S.CLOSED,
          ago=7, quantity="21800", twist="scores"),
    Scene("000156", 2, "德阳市公共资源交易中心业务用房改造项目", "510603", "47", "ZJ-GC-005", M.DIRECT,
          S.SELECTED, ago=7, budget=36000, bidders=2),
    Scene("000104", 0, "广汉市向阳镇工业集中区污水处理站提标改造工程", "510681", "46", None, M.LOWEST_PRICE,
          S.PUBLICITY, ago=7, budget=185000, demo_agency="lose", twist="open_objection"),
    Scene("000163", 3, "德阳市旌阳区孝泉镇老旧小区改造项目", "510603", "47", "ZJ-JT-001", M.RANDOM, S.PUBLICITY,
          ago=7, budget=52000),
    # the methods added after the first four: one awaiting the owner's selection, one finished
    Scene("000281", 1, "德阳市旌阳区旌东街道社区卫生服务中心改造项目", "510603", "47", "ZJ-HJ-002", M.BEST_PRICE,
          S.CLOSED, ago=6, budget=76000, bidders=6),
    Scene("000286", 4, "德阳市城市供水管网漏损治理工程", "510603", "46", "ZJ-HJ-002", M.BEST_PRICE, S.COMPLETED,
          ago=60, budget=84000, bidders=6),
    Scene("000291", 2, "广汉市连山镇污水处理站扩容工程", "510681", "46", "ZJ-HJ-002", M.CREDIT_DRAW, S.COMPLETED,
          ago=66, budget=92000, bidders=7),
    Scene("000296", 0, "德阳市旌阳区双东镇场镇污水管网完善工程", "510603", "48", "ZJ-HJ-002", M.AUCTION, S.CLOSED,
          ago=6, budget=68000, bidders=4),
    Scene("000302", 3, "绵竹市孝德镇农村生活污水处理设施建设项目", "510683", "46", "ZJ-HJ-002", M.AUCTION,
          S.COMPLETED, ago=56, budget=72000, bidders=5),
    Scene("000307", 2, "德阳市旌阳区黄许镇雨污管网改造工程", "510603", "48", "ZJ-HJ-002", M.QUOTE, S.COMPLETED,
          ago=62, window=6, budget=66000, bidders=5),
    # --- the recent past ---------------------------------------------------------------------------
    Scene("000171", 1, "德阳市疾病预防控制中心实验楼建设项目", "510603", "47", "ZJ-HJ-002", M.RANDOM, S.AWARDED,
          ago=14, budget=72000, bidders=5),
    Scene("000268", 0, "德阳市旌阳区城南污水处理厂配套管网工程", "510603", "48", None, M.LOWEST_PRICE, S.AWARDED,
          ago=15, budget=88000, demo_agency="win"),
    Scene("000176", 4, "德阳市天然气有限责任公司城北门站迁建工程", "510603", "45", "ZJ-AQ-003", M.SCORING,
          S.AWARDED, ago=16, budget=98000, twist="objection"),
    Scene("000182", 2, "什邡市洛水镇雍城路桥梁新建工程", "510682", "48", "ZJ-JT-002", M.RANDOM, S.FAILED,
          ago=40, budget=46000, bidders=2, twist="reannounce"),
    Scene("000188", 3, "罗江区金山镇工业集中区污水管网工程", "510604", "48", "ZJ-SB-003", M.LOWEST_PRICE, S.FAILED,
          ago=32, budget=88000, bidders=3, twist="suspend"),
    Scene("000193", 4, "旌湖南岸生态绿道建设工程", "510603", "48", "ZJ-SB-004", M.RANDOM, S.CANCELLED,
          ago=12, budget=64000, bidders=2),
    Scene("000197", 0, "德阳市旌阳区东湖山公园提升改造工程", "510603", "48", "ZJ-WW-001", M.LOWEST_PRICE,
          S.CANCELLED, ago=9, budget=58000, bidders=0),
    Scene("000202", 0, "德阳市城市轨道交通 S11 线（德阳段）停车场工程", "510603", "48", "ZJ-DZ-001", M.DIRECT,
          S.CONTRACTED, ago=21, quantity="156000", bidders=2, kind="02"),
    Scene("000207", 3, "广汉市南兴镇农村公路提档升级工程", "510681", "48", "ZJ-HJ-002", M.LOWEST_PRICE,
          S.CONTRACTED, ago=22, budget=66000, twist="tie"),
    Scene("000272", 3, "广汉市小汉镇农村生活污水治理工程", "510681", "48", "ZJ-HJ-002", M.LOWEST_PRICE,
          S.CONTRACTED, ago=34, budget=58000, bidders=4),
    Scene("000213", 1, "德阳市住房保障服务中心公租房维修改造项目", "510603", "47", "ZJ-GC-003", M.LOWEST_PRICE,
          S.IN_SERVICE, ago=26, budget=80000, twist="abnormal"),
    Scene("000219", 0, "东方汽轮机有限公司叶片加工车间技术改造项目", "510603", "34", "ZJ-HJ-001", M.RANDOM,
          S.IN_SERVICE, ago=25, budget=150000, kind="03"),
    Scene("000224", 2, "德阳市中江县城乡供水一体化工程", "510623", "46", "ZJ-SB-001", M.SCORING, S.DELIVERED,
          ago=44, quantity="42000"),
    Scene("000228", 4, "德阳市公路建设养护中心 G108 线旌阳段大修工程", "510603", "48", "ZJ-NY-001",
          M.LOWEST_PRICE, S.DELIVERED, ago=42, quantity="12800", discount=True),
    Scene("000233", 1, "四川宏华石油设备有限公司钻机总装厂房扩建项目", "510681", "35", "ZJ-QX-002", M.RANDOM,
          S.TERMINATED, ago=38, budget=42000, kind="03"),
    # --- completed work ----------------------------------------------------------------------------
    Scene("000238", 1, "绵竹市汉旺镇工业园区标准化厂房建设项目", "510683", "47", "ZJ-HJ-002", M.RANDOM, S.ACCEPTED,
          ago=50, budget=62000),
    Scene("000241", 0, "德阳市旌阳区旌湖片区雨污分流改造工程", "510603", "48", None, M.LOWEST_PRICE, S.COMPLETED,
          ago=70, budget=94000, demo_agency="win"),
    Scene("000246", 3, "德阳市机场建设有限公司航站区场地平整工程", "510603", "48", "ZJ-SB-002", M.DIRECT,
          S.COMPLETED, ago=64, budget=28000, bidders=1),
    Scene("000252", 2, "四川金路集团氯碱装置节能改造项目", "510683", "26", "ZJ-NY-001", M.SCORING, S.COMPLETED,
          ago=80, quantity="26500", kind="03"),
    Scene("000257", 4, "德阳市旌阳区八角井街道社区综合服务中心建设项目", "510603", "47", "ZJ-QX-003", M.RANDOM,
          S.COMPLETED, ago=58, budget=48000),
    Scene("000263", 0, "德阳市旌阳区城北片区道路综合改造工程", "510603", "48", "ZJ-GC-001", M.LOWEST_PRICE,
          S.COMPLETED, ago=75, quantity="8600", discount=True),
]


@contextlib.contextmanager
def without_email():
    """Keep notices in the inboxes but send no e-mail: the demo's events are past, made up, and
    addressed to example domains. Wrap the whole seed: the e-mails would go at its commit."""
    original = notifications.enqueue_email
    notifications.enqueue_email = lambda *args, **kwargs: None
    try:
        yield
    finally:
        notifications.enqueue_email = original


def seed_jobs(seeder):
    """Create the missing demo scenes; returns the count of every job status in the database."""
    before = {model: model.objects.count() for model in (Job, Bid, Draw, Objection, get_user_model(), Membership)}
    stage = Stage(seeder)
    stories = [stage.story(scene) for scene in SCENES if not _scene_exists(scene)]
    stories += credit_stories(stage)  # regulators' credit records and blacklistings, in the same play
    _play(stories, stage.now)
    _declare_capacities(stage)
    _department_ratings()
    for model, count in before.items():
        created = model.objects.count() - count
        if created:
            seeder.counter.created += created
            seeder.counter.by_model[model.__name__] = seeder.counter.by_model.get(model.__name__, 0) + created
    counts = dict.fromkeys(S.values, 0)
    for status in Job.objects.values_list("status", flat=True):
        counts[status] += 1
    return counts


def _declare_capacities(stage):
    """Agencies' declared capacities (承接能力), today: the demo agency three jobs at once of the
    first item it offers; the winner of the first running job exactly its load of that item, so
    it is at capacity (told so when it bids, skipped by draws). Skipped when already declared."""
    if AgencyCapacity.objects.exists():
        return
    running = (Job.objects.filter(status__in=[S.AWARDED, S.CONTRACTED, S.IN_SERVICE, S.DELIVERED])
               .select_related("winner__agency", "item").order_by("pk").first())
    declared = []
    if stage.demo_agency is not None and stage.demo_items:
        declared.append((stage.demo_agency, stage.items[stage.demo_items[0]], None))
    if running is not None:
        declared.append((running.winner.agency, running.item, "load"))
    for agency, item, limit in declared:
        if not AgencyService.objects.filter(agency=agency, item=item).exists():
            continue
        load = capacity_loads([agency.pk], item).get(agency.pk, 0)
        capacity_declare(actor=stage.member(agency), agency=agency, item=item,
                         limit=load if limit == "load" else max(load, 3))


DEPARTMENT_RATINGS = [
    (True, 0, False, "成果一次通过技术审查，审批时未要求补正。"),
    (False, 2, True, "报告表未包含施工期噪声影响预测，审查时退回补正两次后通过。"),
    (False, 1, False, "监测点位说明不完整，补正一次后通过审批。"),
]


def _department_ratings():
    """The approving departments' ratings (审批部门评价), today: a regulator of the department that
    approves the item rates the first accepted or completed contracts it may rate, in turn as in
    DEPARTMENT_RATINGS; the rest stay awaiting its rating. Skipped when any rating exists."""
    if DepartmentRating.objects.exists():
        return
    regulators = {regulator.department_id: regulator.user for regulator in
                  Regulator.objects.filter(is_active=True, department__isnull=False).select_related("user")}
    contracts = (Contract.objects.filter(job__status__in=[S.ACCEPTED, S.COMPLETED], signed_at__isnull=False)
                 .select_related("job__item").order_by("pk"))
    rateable = [(contract, regulators[contract.job.item.approving_department_id]) for contract in contracts
                if contract.job.item.approving_department_id in regulators]
    for (contract, regulator), (first_pass, corrections, returned, note) in zip(rateable, DEPARTMENT_RATINGS):
        department_rating_record(actor=regulator, contract=contract, first_pass=first_pass,
                                 corrections=corrections, returned=returned, note=note)


def _busy_agencies(job):
    """Agencies with a bid on another job that is still running."""
    return set(Bid.objects.exclude(job=job).exclude(status=Bid.Status.WITHDRAWN)
               .exclude(job__status__in=states.FINAL).values_list("agency_id", flat=True))


def _scene_exists(scene):
    return Job.objects.filter(project_code__endswith=scene.code_tail()).exists()


def _play(stories, now):
    """Run the stories' steps in time order, each at its own moment on a frozen clock."""
    queue = []
    for order, story in enumerate(stories):
        queue.append((next(story), order, story))  # a story's first statement is its first `yield`
    while queue:
        queue.sort(key=lambda entry: (entry[0], entry[1]))
        moment, order, story = queue.pop(0)
        if moment >= now:
            raise RuntimeError(f"demo step at {moment} is not in the past")
        with time_machine.travel(moment, tick=False):
            try:
                following = story.send(None)
            except StopIteration:
                continue
        if following < moment:
            raise RuntimeError(f"demo story goes back in time: {following} < {moment}")
        queue.append((following, order, story))


# --- the stage: people, items, days ------------------------------------------------------------

class Stage:
    def __init__(self, seeder):
        self.rnd = seeder.rnd
        self.owners = seeder.owners
        self.agencies = seeder.agencies
        self.demo_agency = seeder.agencies[0] if seeder.agencies else None
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.calendar = calendar_from_db()
        self.items = {item.code: item for item in ServiceItem.objects.select_related("fee_rule", "category")}
        self.offers = {}
        for agency_id, code in AgencyService.objects.values_list("agency_id", "item__code"):
            self.offers.setdefault(code, set()).add(agency_id)
        self.demo_items = self._demo_items()
        self.members = {}
        # Agencies whose credit story (core/demo/credit.py) needs their grade exactly as written.
        self.reserved = reserved(self.agencies)
        # Two different regulators enter and confirm the draws' public beacon values.
        self.beacon_regulators = [regulator.user for regulator in
                                  Regulator.objects.filter(is_active=True).select_related("user").order_by("pk")[:2]]

    # days and moments
    def day(self, ago):
        """The date `ago` working days before today."""
        day, left = self.today, ago
        while left:
            day -= datetime.timedelta(days=1)
            if self.calendar.is_working_day(day):
                left -= 1
        return day

    def add(self, day, days):
        return self.calendar.add_working_days(day, days)

    @staticmethod
    def at(day, hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)

    # people
    def member(self, organisation):
        """A user who may act for `organisation`: its first member, else its contact person."""
        if organisation.pk in self.members:
            return self.members[organisation.pk]
        membership = Membership.objects.filter(organisation=organisation).select_related("user").order_by("pk").first()
        if membership is not None:
            user = membership.user
        else:
            user = _contact_user(organisation)
        self.members[organisation.pk] = user
        return user

    def regulator_for(self, item):
        regulator = Regulator.objects.filter(is_active=True, categories=item.category_id).select_related("user").first()
        return regulator.user

    # items
    def _demo_items(self):
        """Items the demo agency offers that need no qualification (so its bids are always valid)."""
        if self.demo_agency is None:
            return []
        codes = sorted(code for code, agencies in self.offers.items() if self.demo_agency.pk in agencies)
        usable = [code for code in codes if self.items[code].fee_type == ServiceItem.FeeType.MARKET
                  and not self.items[code].required_qualifications.exists()]
        return usable or ["ZJ-HJ-002"]

    def item_for(self, scene):
        if scene.item:
            return self.items[scene.item]
        number = sum(1 for other in SCENES if other.demo_agency and other.serial < scene.serial)
        return self.items[self.demo_items[number % len(self.demo_items)]]

    def owner_of(self, scene):
        return self.owners[scene.owner % len(self.owners)]

    # bidders
    def candidates(self, item):
        """Agencies in the order a scene asks them to bid: those offering the item first."""
        others = [agency for agency in self.agencies[1:] if agency.pk not in self.reserved]
        self.rnd.shuffle(others)
        offering = self.offers.get(item.code, set())
        return sorted(others, key=lambda agency: agency.pk not in offering)

    # stories
    def story(self, scene):
        return Story(self, scene).run()


def _contact_user(organisation):
    user, created = get_user_model().objects.get_or_create(
        email=organisation.contact_email, defaults={"full_name": organisation.contact_name, "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Membership.Role.ADMIN})
    return user


# --- one job's story ---------------------------------------------------------------------------

class Story:
    def __init__(self, stage, scene):
        self.stage, self.scene = stage, scene
        self.rnd = stage.rnd
        self.item = stage.item_for(scene)
        self.owner = stage.owner_of(scene)
        self.actor = stage.member(self.owner)
        self.candidates = stage.candidates(self.item)
        self.used = set()
        self.invited_at = None  # quote comparison: bids come after the invitations

    def run(self):
        scene, stage = self.scene, self.stage
        published = stage.day(scene.ago)
        yield stage.at(published, 9)
        job = self.create(published)
        if scene.end == S.DRAFT:
            return
        if scene.end == S.CANCELLED and scene.bidders == 0:
            yield stage.at(published, 11)
            job_services.job_cancel(actor=self.actor, job=job,
                                    reason="项目建设方案调整，原服务内容需重新论证，本公告撤销。")
            return
        yield stage.at(published, 9, 30)
        job = job_services.job_publish(actor=self.actor, job=job)
        if scene.method == M.QUOTE:
            yield from self.invite(job, published)
        job = yield from self.bidding(job)
        if scene.end in (S.PUBLISHED, S.CANCELLED):
            return
        job = yield from self.close(job)
        if job.status == S.FAILED and scene.twist == "reannounce":
            job = yield from self.reannounce(job)
            scene = self.scene
        if job.status == S.CLOSED and scene.end == S.CLOSED and scene.method == M.RANDOM \
                and configured_source() == beacon_sources.REGULATORS:
            # The awaiting draw waits for its public beacon value: the owner has asked the regulators.
            yield job.closes_at + datetime.timedelta(minutes=30)
            beacon_services.beacon_request(actor=self.actor, job=job)
        if job.status != S.CLOSED or scene.end == S.CLOSED:
            return
        job = yield from self.select(job)
        if job.status != S.PUBLICITY:
            return
        yield from self.objections(job)
        if scene.end == S.PUBLICITY:
            return
        yield job.publicity_ends_at + datetime.timedelta(minutes=5)
        publicity_end_if_due(job.pk)  # the clock's run after the period
        job.refresh_from_db()
        if job.status == S.AWARDED:
            yield from ContractStory(self, job).run()

    # announcement
    def job_data(self, published):
        scene, item = self.scene, self.item
        closes = self.stage.at(self.stage.add(published, scene.window), 17)
        data = {
            "item": item, "title": _title(scene.project, item), "project_code": f"{published.year}{scene.code_tail()}",
            "description": _description(scene.project, item), "requirements": _requirements(scene.method),
            "fiscal_funds": self.owner.owner_type == "department" or scene.industry in ("46", "48"),
            "selection_method": scene.method,
            "price_mode": Job.PriceMode.DISCOUNT if scene.discount else Job.PriceMode.AMOUNT,
            "weights": dict(WEIGHTS) if scene.method == M.SCORING else {},
            # five invited, so that the quotes outnumber an invited agency that does not answer
            "method_params": {"invitees": 5} if scene.method == M.QUOTE else {},
            "service_days": max(1, item.statutory_days - self.rnd.randint(0, item.statutory_days // 4)),
            "closes_at": closes,
        }
        data.update(_prices(item, scene))
        return data

    def create(self, published):
        return job_services.job_create(actor=self.actor, owner=self.owner, data=self.job_data(published))

    # quote comparison: the invitations, drawn with fiscal funds
    def invite(self, job, published):
        """The owner fixes the candidates' list at 10:00; the next working day two regulators enter
        and confirm that evening's 福彩3D numbers as the public value fixed after the list; the draw
        invites the first `invitees` at 10:00. Without the regulators' source (or without fiscal
        funds) the owner chooses the first agencies offering the item."""
        stage = self.stage
        yield stage.at(published, 10)
        self.enough_offering(job)
        if job.fiscal_funds and configured_source() == beacon_sources.REGULATORS:
            quote_services.invitation_pool_fix(actor=self.actor, job=job)
            next_day = stage.add(published, 1)
            first, second = stage.beacon_regulators
            value = " ".join(str(self.rnd.randint(0, 9)) for _digit in range(3))
            reference = f"福彩3D 第{published.year}{published.timetuple().tm_yday:03d}期开奖号码（{published:%Y-%m-%d} 21:15 开奖）"
            yield stage.at(next_day, 9, 20)
            beacon_services.beacon_enter(actor=first, job=job, value=value, reference=reference,
                                         stage=DrawBeacon.Stage.INVITATION)
            yield stage.at(next_day, 9, 40)
            beacon_services.beacon_confirm(actor=second, job=job, value=value, stage=DrawBeacon.Stage.INVITATION)
            yield stage.at(next_day, 10)
            quote_services.invitation_draw_run(actor=self.actor, job=job)
        else:
            chosen = [agency for agency in self.candidates
                      if bid_refusal(agency, job, at=timezone.now(), invitation=False) is None]
            quote_services.invitations_choose(actor=self.actor, job=job, agencies=chosen[:params_of(job)["invitees"]])
        self.invited_at = timezone.now()
        invited = set(job.invitations.values_list("agency_id", flat=True))
        # Agencies whose credit story changes their standing later (core/demo/credit.py) do not
        # quote: an invited agency need not answer, and their stories need them out of jobs.
        self.candidates = [agency for agency in self.stage.agencies
                           if agency.pk in invited and agency.pk not in self.stage.reserved]

    def enough_offering(self, job):
        """A small demo (seed_demo --agencies 20) may have too few agencies offering the item for
        the invitations: the first candidates that may bid add it to their offers, with the three
        commitments, as agencies do in their workspace."""
        needed = params_of(job)["invitees"] + 1
        offering = set(AgencyService.objects.filter(item=job.item).values_list("agency_id", flat=True))
        for agency in self.candidates:
            if len(offering) >= needed:
                return
            if agency.pk in offering or bid_refusal(agency, job, at=timezone.now(), invitation=False) is not None:
                continue
            offer_add(actor=self.stage.member(agency), agency=agency, item=job.item,
                      service_days=job.item.statutory_days, fee_quote="按市场调节价，一事一议，报价透明",
                      service_standard="按国家及行业技术规范编制，一次性告知所需资料，限时办结。")
            offering.add(agency.pk)

    def criteria_scores(self, job):
        names = [row["name"] for row in params_of(job)["criteria"]]
        return {bid.pk: {name: str(Decimal(self.rnd.randint(140, 196)) / 2) for name in names}
                for bid in job.bids.filter(status=Bid.Status.VALID).order_by("pk")}

    # bids
    def bid_moments(self, job):
        stage = self.stage
        first = timezone.localtime(job.published_at).date()
        last = min(timezone.localtime(job.closes_at).date(), stage.day(1))
        days = [first]
        while days[-1] < last:
            days.append(days[-1] + datetime.timedelta(days=1))
        days = [day for day in days if stage.calendar.is_working_day(day)] or [first]
        moments = sorted(stage.at(self.rnd.choice(days), self.rnd.randint(10, 15), self.rnd.randint(0, 59))
                         for _n in range(self.scene.bidders + (1 if self.scene.demo_agency else 0)))
        if self.invited_at is not None:  # quote comparison: each invited agency after the invitations
            return sorted(max(moment, self.invited_at + datetime.timedelta(minutes=10 + 7 * n))
                          for n, moment in enumerate(moments))
        return [max(moment, job.published_at + datetime.timedelta(minutes=10)) for moment in moments]

    def next_bidder(self, job, who):
        now = timezone.now()
        pool = [self.stage.demo_agency] if who == "demo" else self.candidates
        # The "suspend" scene's bidders have no bid on another running job: the suspension must not
        # bar another scene's winner (drawn by secret values) from signing its contract.
        busy = _busy_agencies(job) if self.scene.twist == "suspend" else set()
        for agency in pool:
            if agency.pk in self.used or agency.pk in busy:
                continue
            # Another scene may have changed its standing since it was read: judge it as it is now.
            agency.refresh_from_db()
            if bid_refusal(agency, job, at=now) is None:
                return agency
        return None

    def bidding(self, job):
        scene = self.scene
        order = ["other"] * scene.bidders
        if scene.demo_agency and self.stage.demo_agency is not None:
            order.insert(1, "demo")
        quotes = self.quotes(job, order)
        bids = []
        for moment, who, quote in zip(self.bid_moments(job), order, quotes):
            yield moment
            agency = self.next_bidder(job, who)
            if agency is None:
                continue
            self.used.add(agency.pk)
            bid = bid_services.bid_submit(actor=self.stage.member(agency), agency=agency, job=job,
                                          data={**quote, "plan": _plan(self.item, self.rnd)})
            bids.append(bid)
        job = yield from self.bid_twists(job, bids)
        if scene.end == S.CANCELLED:
            last = max([bid.updated_at for bid in bids], default=job.published_at)
            yield max(last + datetime.timedelta(minutes=30),
                      self.stage.at(self.stage.add(timezone.localtime(job.published_at).date(), 2), 16))
            job_services.job_cancel(actor=self.actor, job=job,
                                    reason="上级主管部门调整项目实施计划，项目暂缓建设，本次采购终止。")
        job.refresh_from_db()
        return job

    def bid_twists(self, job, bids):
        twist, stage = self.scene.twist, self.stage
        if twist == "update" and bids:
            bid = bids[-1]
            yield max(bid.submitted_at + datetime.timedelta(hours=1),
                      stage.at(timezone.localtime(bid.submitted_at).date(), 16, 30))
            bid_services.bid_update(actor=bid.submitted_by, bid=bid, data={
                "price": max(_hundreds(bid.price * Decimal("0.97")), _fee_low(job)) if bid.price else None,
                "discount_rate": bid.discount_rate, "promised_days": max(1, bid.promised_days - 1),
                "plan": bid.plan + "已根据现场踏勘情况调整报价并压缩工期一天。"})
        elif twist == "withdraw" and bids:
            bid = bids[0]
            yield max(bid.submitted_at + datetime.timedelta(hours=2),
                      bids[-1].submitted_at + datetime.timedelta(minutes=10))
            bid_services.bid_withdraw(actor=bid.submitted_by, bid=bid)
        elif twist == "suspend" and bids:
            bid = bids[-1]  # an agency with no bid on another running job (next_bidder)
            yield max(bid.submitted_at + datetime.timedelta(hours=1), timezone.now() + datetime.timedelta(minutes=5))
            regulator = next(iter(Regulator.objects.filter(is_active=True).select_related("user").order_by("pk")))
            standing_set(actor=regulator.user, agency=bid.agency, standing=Standing.SUSPENDED,
                         reason="在另一项目的安全评价中涉嫌出具失实报告，立案调查期间暂停参与选取。",
                         until=timezone.now() + datetime.timedelta(days=15))
        return job

    def quotes(self, job, order):
        """Each bidder's quote, in bidding order, shaped by the scene: a tie at the lowest, one
        abnormally low price, the demo agency highest (it loses and objects) or lowest (it wins)."""
        if job.price_mode == Job.PriceMode.DISCOUNT:
            return [{"discount_rate": Decimal(self.rnd.randint(6, 30)) / 2, "promised_days": self.days(job)}
                    for _who in order]
        ceiling, low = job.ceiling_price, _fee_low(job)
        others = sorted(max(_hundreds(ceiling * self.rnd.randint(86, 99) / 100), low)
                        for who in order if who != "demo")
        if self.scene.twist == "tie" and len(others) >= 3:
            others[1] = others[0]
        if self.scene.twist == "abnormal" and len(others) >= 3:
            others[0] = max(_hundreds(ceiling * Decimal("0.52")), low)
        self.rnd.shuffle(others)
        demo = {
            "lose": ceiling,
            "win": max(min(others, default=ceiling) - 1000, low),
            "bid": max(_hundreds(ceiling * self.rnd.randint(88, 97) / 100), low),
        }.get(self.scene.demo_agency)
        prices = iter(others)
        return [{"price": demo if who == "demo" else next(prices), "promised_days": self.days(job)}
                for who in order]

    def days(self, job):
        return max(1, job.service_days - self.rnd.randint(0, max(1, job.service_days // 3)))

    # the close
    def close(self, job):
        yield job.closes_at + datetime.timedelta(minutes=1)
        job_close_if_due(job.pk)  # the clock's run just after the close
        job.refresh_from_db()
        if job.status == S.CLOSED and self.scene.twist == "scores":
            yield self.stage.at(self.stage.add(timezone.localtime(job.closes_at).date(), 1), 10)
            selection.scores_enter(actor=self.actor, job=job, plan_scores=self.plan_scores(job))
        return job

    def plan_scores(self, job):
        return {bid.pk: Decimal(self.rnd.randint(140, 190)) / 2
                for bid in job.bids.filter(status=Bid.Status.VALID).order_by("pk")}

    def reannounce(self, failed):
        stage = self.stage
        day = stage.add(timezone.localtime(failed.closes_at).date(), 1)
        yield stage.at(day, 9)
        job = job_services.job_reannounce(actor=self.actor, job=failed)
        job_services.job_update(actor=self.actor, job=job, data={
            "description": job.description + "（前次公告有效报名不足流标，现重新发布。）",
            "closes_at": stage.at(stage.add(day, self.scene.window), 17)})
        yield stage.at(day, 9, 30)
        job = job_services.job_publish(actor=self.actor, job=job)
        self.used = set()
        self.scene = replace(self.scene, bidders=4, twist="", end=S.AWARDED)
        job = yield from self.bidding(job)
        job = yield from self.close(job)
        return job

    # selection
    def select(self, job):
        stage = self.stage
        day = stage.add(timezone.localtime(job.closes_at).date(), 1)
        valid = list(job.bids.filter(status=Bid.Status.VALID).select_related("agency").order_by("submitted_at", "pk"))
        method = job.selection_method
        if method in (M.RANDOM, M.BEST_PRICE, M.CREDIT_DRAW) or (method == M.LOWEST_PRICE and draw_needed(
                job, price_rows=lowest_price_preview(job, valid))):
            yield from self.fix_beacon(job, stage.at(day, 9))
        yield stage.at(day, 10)
        if method == M.DIRECT:
            chosen = max(valid, key=lambda bid: (bid.agency.credit_score, -bid.pk))
            reason = (f"{chosen.agency.name}具有同类项目服务经验，承诺服务时限 {chosen.promised_days} 个工作日，"
                      "报价在最高限价以内，经单位集体研究决定直接选取。")
            if self.scene.end == S.SELECTED:
                _record_selection_only(self.actor, job, chosen, reason)
            else:
                selection.select_direct(actor=self.actor, job=job, bid=chosen, reason=reason)
        elif method == M.RANDOM:
            selection.draw_run(actor=self.actor, job=job)
        elif method == M.BEST_PRICE:
            select_best_price(actor=self.actor, job=job)
        elif method == M.CREDIT_DRAW:
            yield from self.shortlist(job, day)
        elif method == M.AUCTION:
            yield from self.auction(job, day)
        elif method == M.QUOTE:
            quote_services.quote_scores_enter(actor=self.actor, job=job, scores=self.criteria_scores(job))
            if draw_needed(job, score_rows=quote_rows(job, job.bids.filter(status=Bid.Status.VALID))):
                yield from self.fix_beacon(job, stage.at(day, 10, 5))
            yield stage.at(day, 11)
            quote_services.select_quote(actor=self.actor, job=job)
        elif method == M.LOWEST_PRICE:
            justifications = {bid_id: ("经核查，该机构已完成相邻标段的现状调查与监测，相关数据可直接复用，"
                                       "并提供了成本测算明细，报价具有合理依据。")
                              for bid_id in abnormally_low_ids(job, valid)}
            selection.select_lowest(actor=self.actor, job=job, justifications=justifications)
        else:
            if job.bids.filter(status=Bid.Status.VALID, plan_score__isnull=True).exists():
                selection.scores_enter(actor=self.actor, job=job, plan_scores=self.plan_scores(job))
            if draw_needed(job, score_rows=score_rows(job, job.bids.filter(status=Bid.Status.VALID))):
                yield from self.fix_beacon(job, stage.at(day, 10, 5))  # fixed by 10:45
            yield stage.at(day, 11)
            selection.select_scoring(actor=self.actor, job=job)
        job.refresh_from_db()
        return job

    def shortlist(self, job, day):
        """The credit-merit draw's two steps: the short list drawn, then the owner's pick with its reason."""
        shortlist_draw(actor=self.actor, job=job)
        yield self.stage.at(day, 15)
        chosen = max(job.bids.filter(shortlisted=True).select_related("agency"),
                     key=lambda bid: (bid.promised_days * -1, -bid.pk))
        select_shortlisted(actor=self.actor, job=job, bid=chosen, reason=(
            f"入围机构中，{chosen.agency.name}承诺服务时限 {chosen.promised_days} 个工作日，为入围机构中最短，"
            "且其服务方案对现场监测的安排最为具体，经单位集体研究选定。"))

    def auction(self, job, day):
        """The online reverse auction: the owner starts it at 10:00; each bidder moves 20 seconds
        into its time box (`_auction_price`); the last bidder of the opening order never moves
        (the clock keeps its price); the clock finishes it if the last box was that bidder's.
        The moves leave no two final prices equal, so the lowest wins outright; should the
        lowest prices still tie, the result waits for the tie-break draw's public beacon value,
        as a real one would: the regulators fix it and the owner asks for the result."""
        yield self.stage.at(day, 10)
        auction_start(actor=self.actor, job=job)
        auction = Auction.objects.get(job=job)
        moment = auction.starts_at + datetime.timedelta(seconds=20)
        silent = None
        while True:
            yield moment
            board = auction_rules.schedule(auction, list(auction.moves.all()), moment)
            if board.finished or board.current is None:
                break
            turn = board.current
            silent = silent or board.opening[-1].bid_id
            if turn.bid_id != silent:
                bid = job.bids.select_related("agency").get(pk=turn.bid_id)
                auction_move(actor=self.stage.member(bid.agency), bid=bid,
                             price=_auction_price(self.rnd, turn, board), now=moment)
            moment = turn.closes_at + datetime.timedelta(seconds=20)
        auction_advance_if_due(job.pk)  # the clock's run after the last box
        job.refresh_from_db()
        if job.status == S.CLOSED:  # equal lowest prices: the tie-break draw waits for its beacon value
            asked = moment + datetime.timedelta(minutes=5)
            yield from self.fix_beacon(job, asked)  # fixed by 40 minutes after `asked`
            yield asked + datetime.timedelta(minutes=45)
            auction_select(actor=self.actor, job=job)

    # the public beacon value a draw takes (regulators' source)
    def fix_beacon(self, job, moment):
        """The owner asks, one demo regulator types the 福彩3D numbers drawn at 21:15 on the
        evening of the close, the other types them again to confirm: 0, 20 and 40 minutes after
        `moment`. With the drand source the draw reads the beacon itself: nothing to do."""
        if configured_source() != beacon_sources.REGULATORS:
            return
        first, second = self.stage.beacon_regulators
        lottery = timezone.localtime(job.closes_at).date()
        if timezone.localtime(job.closes_at).time() >= datetime.time(21, 15):
            lottery += datetime.timedelta(days=1)
        value = " ".join(str(self.rnd.randint(0, 9)) for _digit in range(3))
        issue = f"{lottery.year}{lottery.timetuple().tm_yday:03d}"
        reference = f"福彩3D 第{issue}期开奖号码（{lottery:%Y-%m-%d} 21:15 开奖）"
        yield moment
        beacon_services.beacon_request(actor=self.actor, job=job)
        yield moment + datetime.timedelta(minutes=20)
        beacon_services.beacon_enter(actor=first, job=job, value=value, reference=reference)
        yield moment + datetime.timedelta(minutes=40)
        beacon_services.beacon_confirm(actor=second, job=job, value=value)

    def objections(self, job):
        twist, stage = self.scene.twist, self.stage
        if twist not in ("open_objection", "objection"):
            return
        selected = timezone.localtime(job.selected_at).date()
        losers = job.bids.filter(status=Bid.Status.VALID).exclude(pk=job.winner_id).order_by("-rank")
        if twist == "open_objection" and stage.demo_agency is not None:
            losers = losers.filter(agency=stage.demo_agency)
        bid = losers.select_related("agency").first()
        if bid is None:
            return
        yield stage.at(selected, 15)
        objection = objection_services.objection_raise(
            actor=stage.member(bid.agency), job=job, bid=bid,
            reasons="中选报价明显低于其他报价的平均水平，且其服务方案未包含现场监测内容，"
                    "请业主核查中选机构的报价构成和技术方案是否满足公告要求。" if twist == "open_objection" else
                    "我单位对综合评分中的方案得分有异议：我单位方案包含完整的现场调查和风险分析，"
                    "得分却低于中选机构，请业主公开评分依据。")
        if twist == "open_objection":
            return
        yield stage.at(stage.add(selected, 1), 10)
        objection_services.objection_answer(
            actor=self.actor, objection=objection,
            answer="方案得分由业主单位评审小组按公告公布的评分办法逐项打分，评分表已存档备查；"
                   "中选机构方案在风险分析与进度安排方面更为完整，评分无误。")
        yield stage.at(stage.add(selected, 1), 16)
        objection_services.objection_escalate(
            actor=stage.member(bid.agency), objection=objection,
            reasons="业主答复未说明各项得分的具体依据，请监管部门核查评分过程。")
        yield stage.at(stage.add(selected, 2), 11)
        objection_services.objection_decide(
            actor=stage.regulator_for(self.item), objection=objection, upheld=False,
            decision="经调阅评审小组评分表和双方方案，评分按公告公布的办法进行，未发现违反规定的情形，投诉不成立。")

# The audit entry each directly-played step writes (audit actions are never built from strings).
DIRECT_ACTIONS = {"select": Action.JOB_SELECT_DIRECT}


@transaction.atomic
def _advance_directly(actor, job, operation, *, reason="", note=SELECTED_NOTE, **fields):
    """Move a locked job through a transition no service performs yet (see the module
    docstring), with its timestamps and an audit entry that says it is demo data."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    old = states.move(job, operation)
    now = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    if job.status in (S.COMPLETED, S.TERMINATED):
        job.ended_at = now
        job.end_reason = reason
    job.save()
    audit_record(actor=actor, action=DIRECT_ACTIONS[operation], obj=job, before={"status": old},
                 after={"status": job.status, "reason": reason, "note": note})
    return job


def _record_selection_only(actor, job, bid, reason):
    """SELECTED held: the direct selection recorded, the publicity not started (see above)."""
    Bid.objects.filter(pk=bid.pk).update(rank=1)
    _advance_directly(actor, job, "select", note=SELECTED_NOTE, winner=bid, selection_reason=reason,
                      selected_at=timezone.now())


# --- texts and prices --------------------------------------------------------------------------

def _title(project, item):
    service = item.name.removeprefix("建设项目").removeprefix("建设工程").removeprefix("固定资产投资项目")
    if project.endswith("工程") and service.startswith("工程"):
        service = service.removeprefix("工程")
    return f"{project}{service}"


def _description(project, item):
    return (f"为{project}提供“{item.name}”服务：收集和分析项目资料，开展现场踏勘，按国家和行业现行技术规范"
            f"编制服务成果，成果用于“{item.approval_item}”，并配合审批部门的技术审查，按审查意见修改完善至通过。")


def _requirements(method):
    text = "服务成果须符合国家和行业现行技术规范；报价包含资料收集、现场工作、成果编制、专家评审配合及修改完善等全部费用。"
    if method == M.SCORING:
        text += "服务方案须包括工作内容、技术路线、进度安排和质量保证措施。"
    return text


def _plan(item, rnd):
    return rnd.choice([
        f"组建由注册工程师牵头的项目组，收到资料后 2 个工作日内完成现场踏勘，按规范编制{item.name}成果，"
        "提交前进行内部三级校审。",
        "项目负责人全程对接，一次性告知所需资料；成果按审查要点逐条自查，审查意见 3 个工作日内修改完毕。",
        f"已承担多个同类项目的{item.name}，熟悉审批要点；采用现场调查与资料分析相结合的技术路线，按承诺时限提交成果。",
    ])


def _prices(item, scene):
    """Budget, ceiling and fee quantity: inside the fee rule for government-priced items."""
    if item.fee_type == ServiceItem.FeeType.GOVERNMENT:
        rule = item.fee_rule
        quantity = Decimal(scene.quantity)
        standard = calculate_fee(rule, quantity).final_fee
        low, high = fee_range(rule, quantity)
        ceiling = min(max(_hundreds(standard), low), high)
        return {"fee_quantity": quantity, "budget": ceiling, "ceiling_price": ceiling}
    budget = Decimal(scene.budget)
    return {"fee_quantity": None, "budget": budget, "ceiling_price": budget}


def _fee_low(job):
    item = job.item
    if item.fee_type != ServiceItem.FeeType.GOVERNMENT or job.fee_quantity is None:
        return Decimal("100")
    low, _high = fee_range(item.fee_rule, job.fee_quantity)
    return _hundreds(low) + 100


def _auction_price(rnd, turn, board):
    """A bidder's move in its time box (`turn`, on the schedule `board`): keep its price (three
    times in ten) or lower it by 1–8 % to whole tens of yuan, never onto a price another bidder
    holds; in the last round it does not keep a price another bidder holds either. So every
    bidder's last move leaves it a price of its own, and the final prices all differ whatever
    the bids' ids and the dates (None: keep)."""
    taken = {price for bid_id, price in board.prices.items() if bid_id != turn.bid_id}
    if rnd.random() < 0.3 and not (turn.round == board.rounds and turn.price_before in taken):
        return None
    lowest = auction_rules.lowest_allowed(turn.price_before, board.max_step_percent)
    price = _tens(turn.price_before * (100 - rnd.randint(1, 8)) / 100)
    while price in taken and price - 10 >= lowest:
        price -= 10
    return price if price >= lowest and price not in taken else None


def _tens(amount):
    return Decimal(int(Decimal(amount) / 10) * 10)


def _hundreds(amount):
    """`amount` rounded down to whole hundreds of yuan, as quotes are usually given."""
    return Decimal(int(Decimal(amount) / 100) * 100)
