"""The demo's credit history, played through the reviews services at past moments, in the same
time-ordered play as the jobs (core/demo/jobs.py `_play`): regulators' commendations and
penalties over three years, a four-eyes blacklisting in force, one ended by expiry and one ended
by credit repair. The two sides' reviews of the demo contracts are in core/demo/reviews.py.

After each event the agency's credit is computed as of that moment (`credit_update(at=…)`, what
the task after each event does), so the grade history is real: the agencies commended twice a
year since more than two years are on the red list by the published rule, not by a flag. The
seed then recomputes everyone as of today (`seed_credit`).

Whom: agencies from the end of the directory's list (the jobs' bidders are drawn from every
agency, so their contracts' events add to these; the plots leave wide margins):

- two red-list agencies: a commendation every six months for three and a half years (grade A);
- a B agency: two commendations and a minor penalty;
- a watch-listed C agency: a commendation, a minor penalty, and a serious one two months ago;
- a D agency suspended by its score, then blacklisted for three years (proposed by one regulator,
  approved by another), its legal representative and a named senior manager banned: its legal
  representative's ID number is printed with the demo logins, to try registering another agency;
- an agency blacklisted last year for one year: ended by expiry;
- an agency blacklisted for two years and repaired after it rectified;
- one agency with a single commendation (暂无足够评价), and the rest with no events at all.
"""
import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.identity import identity_hash, with_check_character
from providers.models import Regulator
from reviews.models import BlacklistEntry, CreditAction
from reviews.services import blacklist as blacklist_services
from reviews.services import repair as repair_services
from reviews.services.credit import credit_update
from reviews.services.credit_actions import credit_action_record

from .contracts import PDF

MONTH = 21  # working days

COMMENDATION = ("年度中介服务质量考评优秀，服务承诺履行率 100%，无有效投诉。",
                "《德阳市中介服务机构信用评价办法》第十二条")
PENALTIES = {
    "minor": ("未按服务承诺时限出具成果，经约谈后整改。", "《德阳市中介服务机构信用评价办法》第十五条第（一）项"),
    "serious": ("成果文件引用失效技术规范，被审批部门退回两次。",
                "《德阳市中介服务机构信用评价办法》第十五条第（三）项"),
    "grave": ("出具的报告数据与现场监测记录不符，存在弄虚作假情形。",
              "《中介服务机构管理办法》第二十八条；《德阳市中介服务机构信用评价办法》第十六条"),
}
BLACKLIST_FACTS = {
    "in_force": ("在德阳市某污水管网工程环境影响评价中伪造监测数据，出具虚假报告，"
                 "经核查属实并已作出行政处罚。", "《中华人民共和国环境影响评价法》第三十二条；"
                 "《四川省行政审批中介服务管理办法》第二十五条"),
    "expired": ("同一年度内两次无正当理由拒绝签订中选合同，扰乱中介服务市场秩序。",
                "《四川省行政审批中介服务管理办法》第二十五条"),
    "repaired": ("以挂靠人员资格参与选取，所报项目负责人未在本机构执业。",
                 "《四川省行政审批中介服务管理办法》第二十五条"),
}
RECTIFICATION = ("已解除与挂靠人员的全部关系，补充专职注册人员 3 名并在省厅系统完成执业登记；"
                 "建立项目负责人到岗核查制度，整改报告经主管部门现场核查。")


def demo_manager_number(agency):
    """A made-up senior manager's resident ID number for the demo blacklisting of `agency`."""
    rnd = random.Random(f"senior-manager-{agency.uscc}")
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rnd.randint(0, 9000))
    return with_check_character(f"{agency.region_id[:6]:0<6}{born:%Y%m%d}{rnd.randint(100, 999)}")


class CreditStory:
    """One agency's credit history; `run` yields the moment of each next step (see jobs._play)."""

    def __init__(self, stage, agency, plot):
        self.stage, self.agency, self.plot = stage, agency, plot
        regulators = [regulator.user for regulator in
                      Regulator.objects.filter(is_active=True).select_related("user").order_by("pk")[:2]]
        self.proposer, self.reviewer = regulators[0], regulators[-1]

    def ago(self, months, hour=10):
        return self.stage.at(self.stage.day(int(months * MONTH)), hour)

    def run(self):
        steps = getattr(self, self.plot)()
        for months, hour, step in steps:
            yield self.ago(months, hour)
            step()
            credit_update([self.agency.pk])

    # the plots: [(months ago, hour, step)]
    def red_list(self):
        return [(months, 10, self.commend) for months in (42, 36, 30, 24, 18, 12, 6)]

    def good(self):
        return [(20, 10, self.commend), (5, 10, self.penalise("minor")), (2, 10, self.commend)]

    def watched(self):
        return [(20, 10, self.commend), (14, 10, self.penalise("minor")), (2, 10, self.penalise("serious"))]

    def blacklisted(self):
        return [(10, 10, self.penalise("minor")), (6, 10, self.penalise("serious")), (1.5, 10, self.penalise("grave")),
                (1, 10, self.propose("in_force", 3)), (0.8, 15, self.approve)]

    def expired(self):
        return [(14, 10, self.propose("expired", 1)), (13.5, 11, self.approve)]

    def repaired(self):
        return [(10, 10, self.penalise("serious")), (9, 10, self.propose("repaired", 2)), (8.5, 11, self.approve),
                (2, 10, self.apply_for_repair), (1.5, 15, self.decide_repair)]

    def single(self):
        return [(3, 10, self.commend)]

    # the steps
    def commend(self):
        facts, basis = COMMENDATION
        credit_action_record(actor=self.proposer, organisation=self.agency, kind=CreditAction.Kind.COMMENDATION,
                             level="", facts=facts, legal_basis=basis)

    def penalise(self, level):
        facts, basis = PENALTIES[level]

        def step():
            credit_action_record(actor=self.proposer, organisation=self.agency, kind=CreditAction.Kind.PENALTY,
                                 level=level, facts=facts, legal_basis=basis)
        return step

    def propose(self, kind, years):
        facts, basis = BLACKLIST_FACTS[kind]
        managers = [(self.stage.rnd.choice("王李张刘陈杨") + "副总经理", demo_manager_number(self.agency))] \
            if kind == "in_force" else []

        def step():
            evidence = SimpleUploadedFile("行政处罚决定书.pdf", PDF, content_type="application/pdf")
            blacklist_services.blacklist_propose(actor=self.proposer, agency=self.agency, facts=facts,
                                                 legal_basis=basis, years=years, managers=managers,
                                                 files=[evidence])
        return step

    def approve(self):
        entry = BlacklistEntry.objects.get(agency=self.agency, status=BlacklistEntry.Status.PROPOSED)
        blacklist_services.blacklist_approve(actor=self.reviewer, entry=entry, note="事实清楚，依据充分，同意列入。")

    def apply_for_repair(self):
        entry = BlacklistEntry.objects.get(agency=self.agency, status=BlacklistEntry.Status.APPROVED)
        proof = SimpleUploadedFile("整改报告及核查意见.pdf", PDF, content_type="application/pdf")
        repair_services.repair_apply(actor=self.stage.member(self.agency), entry=entry,
                                     rectification=RECTIFICATION, files=[proof])

    def decide_repair(self):
        entry = BlacklistEntry.objects.get(agency=self.agency, status=BlacklistEntry.Status.APPROVED)
        repair = entry.repairs.get(status="pending")
        repair_services.repair_decide(actor=self.reviewer, repair=repair, approve=True,
                                      reason="整改到位，经现场核查属实，同意信用修复。")


PLOTS = ("red_list", "red_list", "good", "watched", "blacklisted", "expired", "repaired", "single")
# Plots whose grade or bar must come out as written: their agencies take no part in the demo jobs
# (a barred winner could not sign; another job's events would move a grade).
EXACT = ("red_list", "good", "watched", "blacklisted", "expired", "repaired")


def plot_agencies(agencies):
    """[(agency, plot)]: the plots' agencies, from the end of the list (never the demo agency)."""
    return list(zip(list(reversed(agencies[1:]))[:len(PLOTS)], PLOTS, strict=False))


def reserved(agencies):
    """The ids of the agencies the jobs leave out, so that their grades are the plots'."""
    return {agency.pk for agency, plot in plot_agencies(agencies) if plot in EXACT}


def credit_stories(stage):
    """The credit stories not yet played (an agency with any credit record or blacklist entry is
    taken as played)."""
    played = set(CreditAction.objects.values_list("organisation_id", flat=True)) | set(
        BlacklistEntry.objects.values_list("agency_id", flat=True))
    return [CreditStory(stage, agency, plot).run() for agency, plot in plot_agencies(stage.agencies)
            if agency.pk not in played]


def banned_person(seeder):
    """(name, ID number, agency) of the legal representative of the demo's agency blacklisted now
    (banned from registering or running another agency), or None. The number is made again by the
    demo's own generator (core/demo/seed.py): the platform keeps only its hash."""
    entry = (BlacklistEntry.objects.filter(status=BlacklistEntry.Status.APPROVED, ends_at__gt=timezone.now())
             .select_related("agency__region").order_by("-starts_at").first())
    if entry is None:
        return None
    agency = entry.agency
    number, _identity = seeder._legal_representative(agency.uscc, agency.region)
    if identity_hash(number) != agency.legal_representative_id_hash:
        return None
    return agency.legal_representative, number, agency
