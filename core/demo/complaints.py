"""The complaints part of the oversight demo (core/demo/oversight.py): complaints (投诉举报) in every
state, filed, taken, transferred and decided through oversight/services/complaints.py at moments
in the past (core/demo/jobs.py `_play`: each step on a frozen clock at its moment, in time order), so
every deadline, notice and audit entry is the services' own:

- 已受理: a named complaint about an agency (生态环境局 answers), an anonymous one about an owner
  naming no service item (the platform operator 政务服务和大数据局 answers), and one transferred
  from 生态环境局 to 住房和城乡建设局;
- 处理中: a named complaint about a job, taken by 赵志强;
- near its deadline: taken, reminded by the clock (`advance_complaints`) at the end of the seed;
- overdue: about a 住建 item, taken and reminded in time but never decided; 住房和城乡建设局 has
  no head, so the clock escalates it to the head of the platform operator;
- 投诉成立: upheld against an agency, with an evidence file; a credit event of that agency (its
  public credit record shows it; its score is recomputed at the end of the seed);
- 投诉不成立 (an anonymous complaint about a job) and 不予受理 (a named one about an owner).

Two demo regulators are added for this: the head (局长) of 生态环境局 and a head at the platform
operator, both logins with the regulators' demo password and TOTP secret; neither is drawn as an
inspector. Moments are counted in working days back from today, so the open cases are still open
(and the near one still near) when the demo is seeded. Every choice is fixed (the first agencies,
owners and jobs in id order); only the tracking numbers are random, as in production. Run again,
a scene whose complaint exists (found by its summary) is skipped; the clock's step at the end is
idempotent."""
import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding.models import Job
from core.workdays import calendar_from_db
from marketplace.models import ServiceItem
from oversight.models import Complaint
from oversight.services import complaints as services
from providers.models import Organisation, Regulator
from reviews.services.credit import credit_update

from .contracts import PDF
from .jobs import _play
from .seed import DEMO_TOTP_SECRET, Login, upsert

PASSWORD = "Demo-Regulator-2024"
# key, e-mail, name, department (region, name), title
HEADS = [
    ("env_head", "regulator-head@zjcs.example.cn", "钱建国", ("510600", "生态环境局"), "局长"),
    ("operator_head", "operator@zjcs.example.cn", "吴晓兰", ("510600", "政务服务和大数据局"), "交易监管科科长"),
]


def _people(seeder):
    people = {}
    for key, email, name, department, title in HEADS:
        user = seeder._user(email, PASSWORD, name)
        upsert(Regulator, seeder.counter, {"user": user},
               {"department": seeder.departments[department], "title": title, "is_head": True,
                "is_inspector": False, "is_active": True})
        seeder._totp(user)
        seeder.logins.append(Login(f"监管人员（{seeder.departments[department]}{title}）", email, PASSWORD,
                                   f"TOTP {DEMO_TOTP_SECRET}；投诉举报超期督办的接收人"))
        people[key] = user
    return people


class Stage:
    """Who and what the scenes are about, and their moments (working days back from today)."""

    def __init__(self, seeder):
        self.seeder = seeder
        self.calendar = calendar_from_db()
        self.today = seeder.today
        self.env_item = ServiceItem.objects.filter(category__code="env").order_by("code").first()
        self.build_item = ServiceItem.objects.filter(category__code="build").order_by("code").first()
        agencies = list(Organisation.objects.filter(
            kind=Organisation.Kind.AGENCY, region__code__startswith="5106",
            services__item__category__code="env").distinct().order_by("pk")[:4])
        # not the first (the demo agency login's): a complaint must not change what its login shows
        self.agencies = agencies[1:] or agencies
        owners = list(Organisation.objects.filter(kind=Organisation.Kind.OWNER).order_by("pk")[:3])
        self.owners = owners[1:] or owners
        self.jobs = list(Job.objects.filter(item__category__code="env").exclude(status=Job.Status.DRAFT)
                         .select_related("owner").order_by("pk")[:2])

    def day(self, working_days_ago, hour=10, minute=0):
        day, left = self.today, working_days_ago
        while left:
            day -= datetime.timedelta(days=1)
            if self.calendar.is_working_day(day):
                left -= 1
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def agency(self, index):
        return self.agencies[index % len(self.agencies)]

    def owner(self, index):
        return self.owners[index % len(self.owners)]

    def job(self, index):
        return self.jobs[index % len(self.jobs)] if self.jobs else None


def _file(summary, *, about, agency=None, owner=None, job=None, item=None, details, anonymous, name="", phone="",
          email="", actor=None, files=()):
    return services.complaint_file(
        actor=actor or AnonymousUser(), about=about, agency=agency, owner=owner, job=job, item=item,
        summary=summary, details=details, anonymous=anonymous, complainant_name=name, contact_phone=phone,
        contact_email=email, files=files, now=timezone.now())


def _stories(stage, people):
    """(summary, story) of each scene; a story is a generator yielding the moment of its next step
    (core/demo/jobs.py `_play` runs every step on a frozen clock at its moment, in time order)."""
    env, build = stage.seeder.regulators["env"], stage.seeder.regulators["build"]

    def received(summary):
        yield stage.day(1, 15, 20)
        _file(summary, about="agency", agency=stage.agency(0), item=stage.env_item,
              details="该机构在承接我单位环评报告表编制时，口头承诺 20 个工作日交付，至今已逾期 10 个工作日，"
                      "多次催促无果，也未说明原因。请监管部门督促其按承诺履约。",
              anonymous=False, name="张明", phone="0838-2201188", email="zhangming@example.cn")

    def operator(summary):
        yield stage.day(2, 9, 40)
        _file(summary, about="owner", owner=stage.owner(0),
              details="该业主在项目对接会上口头要求投标中介机构须为本市注册企业，并暗示已有“合作单位”，"
                      "涉嫌设置地域限制、指定中介机构。",
              anonymous=True, phone="13990261234")

    def transferred(summary):
        yield stage.day(6, 11)
        complaint = _file(summary, about="agency", agency=stage.agency(1), item=stage.env_item,
                          details="该机构出具的房屋安全鉴定报告未到现场勘察，报告内容与实际不符。",
                          anonymous=False, name="李春梅", email="lichunmei@example.cn")
        yield stage.day(5, 14)
        services.complaint_transfer(actor=env, complaint=complaint,
                                    department=stage.seeder.departments[("510600", "住房和城乡建设局")],
                                    reason="投诉反映的是房屋安全鉴定质量问题，属住房和城乡建设局监管的服务类别。")

    def handling(summary):
        job = stage.job(0)
        about = {"about": "job", "job": job} if job else {"about": "agency", "agency": stage.agency(2)}
        yield stage.day(5, 16)
        complaint = _file(summary, item=stage.env_item, **about,
                          details="公告要求报名单位具备与法定要求无关的业绩证明，限制了潜在报名机构，请核查。",
                          anonymous=False, name="王磊", phone="13808101234", email="wanglei@example.cn")
        yield stage.day(4, 9, 30)
        services.complaint_take(actor=env, complaint=complaint)

    def near(summary):
        yield stage.day(13, 10, 30)
        complaint = _file(summary, about="agency", agency=stage.agency(2), item=stage.env_item,
                          details="该机构在报价时承诺下浮 15%，签约时要求按收费标准全额收费，否则不出具报告。",
                          anonymous=True, email="tousu-2048@example.cn")
        yield stage.day(12, 9)
        services.complaint_take(actor=env, complaint=complaint)
        # the reminder goes out with the clock's step at the end of the seed

    def overdue(summary):
        yield stage.day(18, 15)
        complaint = _file(summary, about="agency", agency=stage.agency(0), item=stage.build_item,
                          details="该机构项目负责人同时在另一家机构挂职执业，涉嫌出借资质。",
                          anonymous=False, name="赵丽", phone="0838-6189000")
        yield stage.day(17, 10)
        services.complaint_take(actor=build, complaint=complaint)
        yield stage.day(3, 9)  # the clock's reminder, on its deadline's day
        services.complaint_remind_if_due(complaint.pk)
        # past its deadline now: the clock escalates it at the end of the seed

    def upheld(summary):
        yield stage.day(25, 10)
        evidence = SimpleUploadedFile("收费收据.pdf", PDF, content_type="application/pdf")
        complaint = _file(summary, about="agency", agency=stage.agency(1), item=stage.env_item,
                          actor=stage.seeder.owner_admin, files=[evidence],
                          details="该机构公示的收费标准为按收费规则下浮 10%，实际按上浮 20% 收取，附收费收据。",
                          anonymous=False, name="刘建华", phone="0838-2512345", email="owner@zjcs.example.cn")
        yield stage.day(24, 9)
        services.complaint_take(actor=env, complaint=complaint)
        yield stage.day(15, 16)
        services.complaint_decide(
            actor=env, complaint=complaint, status="upheld", responsible=stage.agency(1),
            outcome="经调取合同、收费票据并约谈该机构，其实际收费高于在本平台公示的收费承诺，投诉成立。"
                    "已责令其退还多收费用，并按信用评价规则记入信用记录。")

    def rejected(summary):
        job = stage.job(1)
        about = {"about": "job", "job": job} if job else {"about": "agency", "agency": stage.agency(0)}
        yield stage.day(30, 14)
        complaint = _file(summary, item=stage.env_item, **about,
                          details="怀疑随机抽取结果被人为操纵，中选机构与业主存在关联。",
                          anonymous=True, phone="13700001111")
        yield stage.day(29, 10)
        services.complaint_take(actor=env, complaint=complaint)
        yield stage.day(20, 11)
        services.complaint_decide(
            actor=env, complaint=complaint, status="rejected",
            outcome="经复核，该项目的随机抽取使用发布时公布承诺值的种子和抽取后确定的公共随机数，"
                    "任何人可按公示页面复算，结果一致；未发现中选机构与业主存在关联关系。投诉不成立。")

    def dismissed(summary):
        yield stage.day(12, 15)
        complaint = _file(summary, about="owner", owner=stage.owner(1),
                          details="业主拖欠我公司服务费，请监管部门责令其付款。",
                          anonymous=False, name="陈志刚", phone="0838-3307788")
        yield stage.day(11, 10)
        services.complaint_decide(
            actor=people["operator_head"], complaint=complaint, status="dismissed",
            outcome="该事项属合同履约纠纷，投诉人已向人民法院起诉，依规定不予受理，请通过司法途径解决。")

    return [
        ("环评报告逾期未交付，多次催促无果", received),
        ("业主要求投标中介须为本地企业", operator),
        ("房屋安全鉴定报告未到现场勘察", transferred),
        ("公告设置与法定要求无关的业绩条件", handling),
        ("签约时拒不履行报价下浮承诺", near),
        ("项目负责人涉嫌在两家机构挂证执业", overdue),
        ("实际收费高于公示的收费承诺", upheld),
        ("质疑随机抽取结果被操纵", rejected),
        ("业主拖欠服务费", dismissed),
    ]


def seed(seeder):
    people = _people(seeder)
    stage = Stage(seeder)
    if stage.env_item is None or stage.build_item is None or not stage.agencies or not stage.owners:
        return
    before = Complaint.objects.count()
    stories = [story(summary) for summary, story in _stories(stage, people)
               if not Complaint.objects.filter(summary=summary).exists()]
    _play(stories, timezone.now())
    seeder.counter.created += Complaint.objects.count() - before
    # the clock: reminders and escalations now due (idempotent, as the scheduled command)
    services.advance_complaints()
    responsible = Complaint.objects.filter(status=Complaint.Status.UPHELD).values_list("responsible_id", flat=True)
    credit_update(set(responsible))
