"""Publication: each check refuses with a message naming what is wrong, and nothing is written
(the job stays a draft, no seed, no audit entry, no notice). A good publication fixes the draw
seed, publishes its SHA-256 and tells the agencies that offer the item."""
import hashlib
from decimal import Decimal

import pytest

from audit.actions import Action
from audit.models import AuditEntry
from bidding.errors import (
    AvoidanceReasonRequired,
    DiscountNeedsGovernmentPrice,
    PriceOutsideFeeRule,
    PublicationRefused,
    QualificationNotRequiredByLaw,
    RestrictiveRequirement,
    ServiceDaysTooLong,
    WeightsInvalid,
    WindowTooShort,
)
from bidding.models import Job, JobAvoidance
from bidding.services.jobs import job_publish
from core.errors import NotAllowed
from core.models import CalendarDay, Notice
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    FeeRuleFactory,
    MembershipFactory,
    QualificationTypeFactory,
)

from .conftest import at, make_draft

pytestmark = pytest.mark.usefixtures("friday")


def refused(job, actor, error_class):
    """Publish, expect a refusal containing `error_class`, and check nothing was written."""
    audit_before = AuditEntry.objects.count()
    notices_before = Notice.objects.count()
    with pytest.raises(PublicationRefused) as caught:
        job_publish(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT
    assert job.draw_seed == "" and job.draw_commitment == "" and job.published_at is None
    assert AuditEntry.objects.count() == audit_before
    assert Notice.objects.count() == notices_before
    matching = [problem for problem in caught.value.problems if isinstance(problem, error_class)]
    assert matching, caught.value.problems
    return matching, caught.value


def test_a_window_one_working_day_too_short_is_refused_with_the_earliest_close(draft, admin):
    # Published on Friday: Saturday and Sunday do not count, so Tuesday is only two working days.
    draft.closes_at = at(10, 23, 59)
    draft.save()
    [problem], error = refused(draft, admin, WindowTooShort)
    assert problem.field == "closes_at"
    assert "3 个工作日" in str(problem)
    assert "2026年3月11日（星期三）" in str(problem)
    assert "2026年3月11日" in str(error)


def test_a_holiday_in_the_window_does_not_count(draft, admin):
    CalendarDay.objects.create(date=at(9).date(), kind=CalendarDay.Kind.HOLIDAY)
    draft.closes_at = at(11)
    draft.save()
    [problem], _error = refused(draft, admin, WindowTooShort)
    assert "2026年3月12日（星期四）" in str(problem)


def test_the_earliest_allowed_close_day_is_accepted(draft, admin):
    draft.closes_at = at(11, 9, 0)
    draft.save()
    job_publish(actor=admin, job=draft)
    draft.refresh_from_db()
    assert draft.status == Job.Status.PUBLISHED


def test_a_ceiling_above_the_government_fee_range_is_refused_quoting_the_range(owner, admin, item):
    rule = FeeRuleFactory(
        item=item,
        coefficients=[{"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1"}],
    )
    item.fee_type = item.FeeType.GOVERNMENT
    item.save()
    # 800 万元 at 10 元 per 万元 = 8000 元, × 0.8–1.2: 6400–9600 元.
    job = make_draft(owner, admin, item, fee_quantity=Decimal("800"), ceiling_price=10000, budget=12000)
    [problem], _error = refused(job, admin, PriceOutsideFeeRule)
    assert problem.field == "ceiling_price"
    assert "最高限价 10000 元" in str(problem)
    assert "6400～9600 元" in str(problem)
    assert rule.quantity_unit in str(problem)


def test_a_ceiling_inside_the_fee_range_passes(owner, admin, item):
    FeeRuleFactory(item=item)
    item.fee_type = item.FeeType.GOVERNMENT
    item.save()
    job = make_draft(owner, admin, item, fee_quantity=Decimal("800"), ceiling_price=8000, budget=9000)
    job_publish(actor=admin, job=job)
    assert Job.objects.get(pk=job.pk).status == Job.Status.PUBLISHED


def test_a_government_priced_job_needs_its_fee_quantity(owner, admin, item):
    FeeRuleFactory(item=item)
    item.fee_type = item.FeeType.GOVERNMENT
    item.save()
    job = make_draft(owner, admin, item, fee_quantity=None, ceiling_price=8000)
    [problem], _error = refused(job, admin, PriceOutsideFeeRule)
    assert problem.field == "fee_quantity"
    assert "计费基数" in str(problem)


def test_discount_pricing_needs_a_government_priced_item(draft, admin):
    draft.price_mode = Job.PriceMode.DISCOUNT
    draft.save()
    [problem], _error = refused(draft, admin, DiscountNeedsGovernmentPrice)
    assert problem.field == "price_mode"
    assert "下浮率" in str(problem)


def test_a_qualification_beyond_the_items_legal_ones_is_refused_by_name(draft, admin, surveying):
    extra = QualificationTypeFactory(code="iso9001", name="ISO9001质量管理体系认证")
    draft.required_qualifications.set([surveying, extra])
    [problem], _error = refused(draft, admin, QualificationNotRequiredByLaw)
    assert problem.field == "required_qualifications"
    assert "ISO9001质量管理体系认证" in str(problem)
    assert "测绘资质乙级" not in str(problem)


@pytest.mark.parametrize(
    "field, text, phrase, rule_word",
    [
        ("requirements", "报名机构须为本地注册企业。", "本地注册", "区域性"),
        ("requirements", "中标后须在本市设立分支机构。", "须在本市设立分支机构", "区域性"),
        ("requirements", "限水利行业单位报名。", "限水利行业", "行业性"),
        ("requirements", "限本市区域内机构参与。", "限本市区域", "区域性"),
        ("description", "从入库名单中选取。", "入库名单", "数量限额"),
        ("title", "由审批部门指定的机构编制报告", "指定", "指定"),
    ],
)
def test_each_restrictive_phrase_is_refused_quoting_it_and_the_rule(draft, admin, field, text, phrase, rule_word):
    setattr(draft, field, text)
    draft.save()
    [problem], _error = refused(draft, admin, RestrictiveRequirement)
    assert problem.field == field
    assert phrase in str(problem)
    assert rule_word in str(problem)


def test_every_restrictive_phrase_is_reported_not_only_the_first(draft, admin):
    draft.requirements = "须为本地注册企业，且为入库名单内机构。"
    draft.description = "由审批部门指定的机构承担。"
    draft.save()
    problems, error = refused(draft, admin, RestrictiveRequirement)
    assert len(problems) == 3
    assert "本地注册" in str(error) and "入库名单" in str(error) and "指定" in str(error)
    assert set(error.errors) >= {"requirements", "description"}


@pytest.mark.parametrize(
    "weights",
    [
        {"price": 40, "credit": 20, "rating": 10, "plan": 20},  # sums to 90
        {"price": 60, "credit": 30, "rating": 20, "plan": -10},  # a negative weight
        {"price": 40, "credit": 20, "rating": 10},  # a missing weight
        {"price": 40.5, "credit": 19.5, "rating": 10, "plan": 30},  # not whole numbers
        {"price": 40, "credit": 20, "rating": 10, "plan": 30, "local": 0},  # an unknown one
    ],
)
def test_scoring_weights_must_be_four_whole_numbers_summing_to_100(draft, admin, weights):
    draft.selection_method = Job.Method.SCORING
    draft.weights = weights
    draft.save()
    [problem], _error = refused(draft, admin, WeightsInvalid)
    assert problem.field == "weights"
    assert "合计 100" in str(problem)


def test_good_scoring_weights_are_published_with_the_announcement(draft, admin):
    draft.selection_method = Job.Method.SCORING
    draft.weights = {"price": 40, "credit": 20, "rating": 10, "plan": 30}
    draft.save()
    job_publish(actor=admin, job=draft)
    draft.refresh_from_db()
    assert draft.weights == {"price": 40, "credit": 20, "rating": 10, "plan": 30}


def test_service_days_above_the_statutory_limit_are_refused(draft, admin):
    draft.service_days = 31  # the item's statutory limit is 30 working days
    draft.save()
    [problem], _error = refused(draft, admin, ServiceDaysTooLong)
    assert problem.field == "service_days"
    assert "31" in str(problem) and "30" in str(problem)


def test_an_avoided_agency_needs_a_reason(draft, admin):
    JobAvoidance.objects.create(job=draft, agency=AgencyFactory(name="德阳某某评价公司"), reason=" ")
    [problem], _error = refused(draft, admin, AvoidanceReasonRequired)
    assert "德阳某某评价公司" in str(problem)


def test_a_good_publication_commits_to_a_secret_seed_and_tells_the_items_agencies(
    draft, admin, mailoutbox, django_capture_on_commit_callbacks
):
    offering = AgencyServiceFactory(item=draft.item).agency
    member = MembershipFactory(organisation=offering).user
    avoided = AgencyServiceFactory(item=draft.item).agency
    avoided_member = MembershipFactory(organisation=avoided).user
    JobAvoidance.objects.create(job=draft, agency=avoided, reason="为本项目可研报告编制单位")
    other_item_member = MembershipFactory(organisation=AgencyServiceFactory().agency).user

    with django_capture_on_commit_callbacks(execute=True):
        job_publish(actor=admin, job=draft)

    draft.refresh_from_db()
    assert draft.status == Job.Status.PUBLISHED
    assert len(draft.draw_seed) == 64
    assert draft.draw_commitment == hashlib.sha256(draft.draw_seed.encode()).hexdigest()
    assert draft.published_at is not None
    assert Notice.objects.filter(user=member, title__contains=draft.title).count() == 1
    assert not Notice.objects.filter(user__in=[avoided_member, other_item_member]).exists()
    assert [message.to for message in mailoutbox] == [[member.email]]
    entry = AuditEntry.objects.get(action=Action.JOB_PUBLISH)
    # The audit log shows the commitment, never the seed.
    assert draft.draw_seed not in str(entry.after) and draft.draw_commitment in str(entry.after)


def test_an_operator_may_publish(draft, operator):
    job_publish(actor=operator, job=draft)
    assert Job.objects.get(pk=draft.pk).status == Job.Status.PUBLISHED


def test_someone_outside_the_owner_cannot_publish(draft, outsider):
    with pytest.raises(NotAllowed):
        job_publish(actor=outsider, job=draft)
    assert Job.objects.get(pk=draft.pk).status == Job.Status.DRAFT


def test_a_published_job_cannot_be_published_again(draft, admin):
    job_publish(actor=admin, job=draft)
    from bidding.states import InvalidTransition

    with pytest.raises(InvalidTransition):
        job_publish(actor=admin, job=draft)
    assert AuditEntry.objects.filter(action=Action.JOB_PUBLISH).count() == 1
