"""The inspections part of the oversight demo (core/demo/oversight.py): one random-inspection
campaign of 德阳市生态环境局 played through its services at moments in the past — created,
announced (pools and commitment), its beacon value entered by one inspector and confirmed by a
second, drawn, an inspector standing aside for a conflict and replaced by the next of the ranking,
findings recorded (one 一般问题, a credit event) and the results published. A standing conflict
(former employer) is on record too.

The department's 执法检查人员名录 gets four demo inspectors besides 赵志强 (no demo login: their
passwords are the regulators' demo password, without TOTP). Which agencies are drawn depends on
the run's secret seed, as it must; every step works whatever the draw gives. Run again, it
finds the campaign by its title and leaves it as it is."""
import datetime

import time_machine
from django.utils import timezone

from bidding import beacon as beacon_sources
from bidding.selectors.beacon import configured_source
from oversight.models import CampaignEntry, InspectionAssignment, InspectionCampaign
from oversight.selectors.inspections import pool_preview
from oversight.services import inspections as services
from providers.models import Regulator
from reviews.services.credit import credit_update

from .seed import upsert

TITLE = "2026年度德阳市环评类中介机构双随机抽查"
CHECKS = ("1. 资质证书、从业人员与公开承诺是否一致；\n2. 近一年编制的环境影响报告书（表）质量抽查；\n"
          "3. 收费是否符合公开的收费承诺；\n4. 是否存在转包、挂靠或出借资质。")
PASSWORD = "Demo-Regulator-2024"
INSPECTORS = [
    ("inspector1@zjcs.example.cn", "孙立新", "环境监察支队一级主任科员"),
    ("inspector2@zjcs.example.cn", "何雨桐", "环评科四级主任科员"),
    ("inspector3@zjcs.example.cn", "冯建军", "环境监察支队执法人员"),
    ("inspector4@zjcs.example.cn", "蒋丽娟", "环评科科员"),
]
RESULTS = ["compliant", "minor", "compliant", "compliant"]
DETAILS = {
    "compliant": "资质证书、从业人员与公开承诺一致；抽查的 3 份报告书编制规范；收费符合承诺。",
    "minor": "抽查的 1 份报告表中监测数据引用未注明来源；其余事项未发现问题。",
}
REMEDY = {"minor": "责令限期 15 日内整改并提交整改报告。"}


def _inspectors(seeder, department):
    inspectors = []
    for email, name, title in INSPECTORS:
        user = seeder._user(email, PASSWORD, name)
        regulator, _created = upsert(Regulator, seeder.counter, {"user": user},
                                     {"department": department, "title": title, "is_active": True,
                                      "is_inspector": True})
        inspectors.append(regulator)
    return inspectors


def _moment(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed(seeder):
    lead = seeder.regulators["env"]
    department = lead.regulator.department
    inspectors = _inspectors(seeder, department)
    if InspectionCampaign.objects.filter(title=TITLE, department=department).exists():
        return
    day = seeder.today - datetime.timedelta(days=40)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    created = _moment(day, 9, 30)
    with time_machine.travel(created, tick=False):
        campaign = services.campaign_create(
            actor=lead, title=TITLE, region=department.region_id, categories=[seeder.categories["env"]],
            agency_count=3, inspector_count=2, checks=CHECKS, now=created)
    available = pool_preview(campaign, now=created).agencies
    if available < campaign.agency_count:  # a tiny demo: draw what there is
        if not available:
            return
        campaign.agency_count = available
        campaign.save(update_fields=["agency_count"])
    # A standing conflict on record: 冯建军 once worked for one of the agencies in the pool.
    announced = _moment(day, 10)
    draw_after = _moment(day, 20)
    with time_machine.travel(announced, tick=False):
        services.campaign_announce(actor=lead, campaign=campaign, draw_after=draw_after, now=announced)
    pool = list(CampaignEntry.objects.filter(campaign=campaign, pool="agency").select_related("agency")
                .order_by("agency__name"))
    with time_machine.travel(announced + datetime.timedelta(minutes=30), tick=False):
        services.standing_conflict_declare(actor=inspectors[2].user, agency=pool[0].agency,
                                           reason="2018—2021 年曾在该机构任职（原工作单位）",
                                           now=announced + datetime.timedelta(minutes=30))
    value = "3 7 1"
    reference = f"福彩3D 第{day:%Y}{day.timetuple().tm_yday:03d}期开奖号码（{day:%Y-%m-%d} 21:15 开奖）"
    next_day = day + datetime.timedelta(days=1)
    entered, confirmed = _moment(next_day, 9), _moment(next_day, 9, 40)
    if configured_source() == beacon_sources.REGULATORS:  # with drand the draw reads the beacon itself
        with time_machine.travel(entered, tick=False):
            services.campaign_beacon_enter(actor=inspectors[0].user, campaign=campaign, value=value,
                                           reference=reference, now=entered)
        with time_machine.travel(confirmed, tick=False):
            services.campaign_beacon_confirm(actor=inspectors[1].user, campaign=campaign, value=value,
                                             now=confirmed)
    drawn_at = _moment(next_day, 10)
    with time_machine.travel(drawn_at, tick=False):
        services.campaign_draw(actor=lead, campaign=campaign, now=drawn_at)
    drawn = list(CampaignEntry.objects.filter(campaign=campaign, pool="agency", drawn=True).select_related("agency")
                 .order_by("rank"))
    # The first drawn agency's second inspector declares a conflict; the next of the ranking takes over.
    team = list(InspectionAssignment.objects.filter(campaign=campaign, agency=drawn[0].agency)
                .select_related("inspector__user").order_by("pk"))
    declared = _moment(next_day, 15)
    if len(team) >= 2:
        with time_machine.travel(declared, tick=False):
            services.conflict_declare(actor=team[-1].inspector.user, campaign=campaign, agency=drawn[0].agency,
                                      reason="其近亲属在该机构担任技术负责人", now=declared)
    inspected = day + datetime.timedelta(days=8)
    for position, entry in enumerate(drawn):
        result = RESULTS[position % len(RESULTS)]
        recorded = _moment(inspected + datetime.timedelta(days=position), 16)
        # recorded by the first inspector of the agency's team (never one who stood aside)
        recorder = (InspectionAssignment.objects.filter(campaign=campaign, agency=entry.agency)
                    .select_related("inspector__user").order_by("pk").first())
        with time_machine.travel(recorded, tick=False):
            services.finding_record(actor=recorder.inspector.user if recorder else lead, campaign=campaign, agency=entry.agency, result=result,
                                    details=DETAILS[result], remedy=REMEDY.get(result, ""),
                                    inspected_on=recorded.date(), now=recorded)
    published = _moment(inspected + datetime.timedelta(days=len(drawn) + 2), 10)
    minor = sum(1 for position in range(len(drawn)) if RESULTS[position % len(RESULTS)] == "minor")
    summary = (f"本次抽查环评类中介机构 {len(drawn)} 家，{len(drawn) - minor} 家未发现问题，{minor} 家存在一般问题，"
               "已责令限期整改，整改情况将在下一次抽查中复核。")
    with time_machine.travel(published, tick=False):
        services.campaign_publish(actor=lead, campaign=campaign, summary=summary, now=published)
    # The findings count for credit from the publication: the drawn agencies' scores now, as the
    # listener does after the commit (the seed may run inside a transaction that never commits).
    credit_update({entry.agency_id for entry in drawn})
