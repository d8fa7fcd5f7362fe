"""Publication judges what the announcement's text means, not a fixed phrase list: disguised
restrictions are refused quoting the clause and the rule, nothing is written, and a pattern a
regulator adds counts for the very next publication."""
import pytest

from audit.models import AuditEntry
from bidding.errors import PublicationRefused, RestrictiveRequirement
from bidding.models import IntegrityPattern, Job
from bidding.services.integrity_patterns import pattern_create, pattern_set_active
from bidding.services.jobs import job_publish
from core.models import Notice
from tests.factories import RegulatorFactory

from .conftest import make_draft

pytestmark = pytest.mark.usefixtures("friday")


def refused(job, actor):
    """Publish, expect the refusal, check nothing was written; the restriction problems."""
    audit_before, notices_before = AuditEntry.objects.count(), Notice.objects.count()
    with pytest.raises(PublicationRefused) as caught:
        job_publish(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT
    assert job.draw_seed == "" and job.draw_commitment == "" and job.published_at is None
    assert AuditEntry.objects.count() == audit_before
    assert Notice.objects.count() == notices_before
    return [problem for problem in caught.value.problems if isinstance(problem, RestrictiveRequirement)]


def published(job, actor):
    job_publish(actor=actor, job=job)
    job.refresh_from_db()
    return job.status == Job.Status.PUBLISHED


def test_the_two_published_disguised_restrictions_are_refused_now(draft, admin):
    draft.requirements = "须在德阳有办公场所；须具有省级主管部门颁发的甲级资质。"
    draft.save()
    first, second = refused(draft, admin)
    assert (first.field, second.field) == ("requirements", "requirements")
    assert str(first) == ("其他要求中的“须在德阳有办公场所”不允许：不得设置区域性执业限制"
                          "（各部门设定的区域性中介服务机构执业限制一律取消；零门槛、零限制）")
    assert str(second).startswith("其他要求中的“须具有省级主管部门颁发的甲级资质”不允许：不得要求法定以外的资质")


def test_writing_out_the_items_law_required_qualification_is_allowed(draft, admin):
    # The item requires 测绘资质乙级 by law (conftest).
    draft.requirements = "须具有测绘资质乙级及以上；项目位于德阳市旌阳区，需现场踏勘；报告须符合四川省地方标准。"
    draft.save()
    assert published(draft, admin)


def test_a_grade_above_the_law_required_one_is_refused(draft, admin):
    draft.requirements = "须具有测绘资质甲级。"
    draft.save()
    [problem] = refused(draft, admin)
    assert "“须具有测绘资质甲级”" in str(problem) and "法定以外的资质" in str(problem)


def test_a_regulators_new_pattern_counts_for_the_next_publication_and_keeps_its_history(owner, admin, item):
    text = "须为党建示范单位。"
    before = make_draft(owner, admin, item, requirements=text)
    assert published(before, admin)

    regulator = RegulatorFactory().user
    pattern = pattern_create(actor=regulator, reason="新发现的设限方式", data={
        "kind": "industry", "syntax": "phrase", "pattern": "示范单位", "example": "须为党建示范单位",
        "explanation": "以荣誉称号限定参与机构，是行业性执业限制。",
    })
    after = make_draft(owner, admin, item, requirements=text)
    [problem] = refused(after, admin)
    assert "“须为党建示范单位”" in str(problem) and "行业性或部门间执业限制" in str(problem)
    [version] = pattern.history.all()
    assert (version.history_user, version.history_change_reason) == (regulator, "新发现的设限方式")


def test_a_deactivated_pattern_no_longer_refuses(draft, admin):
    draft.requirements = "须为已入库机构。"
    draft.save()
    assert refused(draft, admin)
    for pattern in IntegrityPattern.objects.filter(kind=IntegrityPattern.Kind.QUOTA):
        pattern_set_active(actor=RegulatorFactory().user, pattern=pattern, active=False, reason="试行人工审查")
    assert published(draft, admin)
