"""Regulators keep the integrity patterns: a new, changed, deactivated or re-activated pattern
counts at once, every change is a version with who and why plus an audit entry, and a pattern
that cannot work is refused with nothing written. The pages are for active regulators only."""
import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from bidding import errors
from bidding.integrity import find_violations
from bidding.models import IntegrityPattern
from bidding.services.integrity_patterns import pattern_create, pattern_set_active, pattern_update
from core.errors import NotAllowed
from tests.factories import MembershipFactory, RegulatorFactory

pytestmark = pytest.mark.django_db

PATTERN_ACTIONS = [Action.INTEGRITY_PATTERN_CREATE, Action.INTEGRITY_PATTERN_UPDATE,
                   Action.INTEGRITY_PATTERN_DEACTIVATE, Action.INTEGRITY_PATTERN_ACTIVATE]
CLAUSE = "须为党建示范单位"
DATA = {
    "kind": "industry", "syntax": "phrase", "pattern": "示范单位/标杆单位",
    "explanation": "以荣誉称号限定参与机构，是行业性执业限制。", "example": CLAUSE,
}


@pytest.fixture
def regulator():
    return RegulatorFactory().user


def pattern_writes():
    return (IntegrityPattern.objects.count(), IntegrityPattern.history.count(),
            AuditEntry.objects.filter(action__in=PATTERN_ACTIONS).count())


def test_a_new_pattern_counts_at_once_and_starts_its_history(regulator):
    assert find_violations(CLAUSE) == []
    pattern = pattern_create(actor=regulator, data=DATA, reason="多地出现以荣誉称号设限的公告")
    [violation] = find_violations(CLAUSE + "。")
    assert (violation.phrase, violation.kind, violation.pattern_id) == (CLAUSE, "industry", pattern.pk)
    [version] = pattern.history.all()
    assert version.history_type == "+" and version.history_user == regulator
    assert version.history_change_reason == "多地出现以荣誉称号设限的公告"
    entry = AuditEntry.objects.get(action=Action.INTEGRITY_PATTERN_CREATE)
    assert entry.object_id == str(pattern.pk) and entry.after["pattern"] == "示范单位/标杆单位"


def test_a_change_counts_at_once_and_is_a_new_version_with_its_reason(regulator):
    pattern = pattern_create(actor=regulator, data=DATA)
    pattern_update(actor=regulator, pattern=pattern,
                   data={**DATA, "pattern": "标杆单位", "example": "须为行业标杆单位"}, reason="“示范单位”误伤过多")
    assert find_violations(CLAUSE) == []
    assert [v.kind for v in find_violations("须为行业标杆单位")] == ["industry"]
    latest = pattern.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.pattern == "标杆单位"
    assert latest.history_change_reason == "“示范单位”误伤过多"
    assert pattern.history.count() == 2
    assert AuditEntry.objects.filter(action=Action.INTEGRITY_PATTERN_UPDATE).count() == 1


def test_a_deactivated_default_stops_counting_at_once_and_can_come_back(regulator):
    default = IntegrityPattern.objects.get(kind="designation", example="由审批部门指定的机构承担")
    assert find_violations("由审批部门指定的机构承担")
    pattern_set_active(actor=regulator, pattern=default, active=False, reason="试行期间改为人工审查")
    assert find_violations("由审批部门指定的机构承担") == []
    pattern_set_active(actor=regulator, pattern=default, active=True, reason="恢复")
    assert find_violations("由审批部门指定的机构承担")
    assert [v.is_active for v in default.history.order_by("history_id")] == [True, False, True]
    assert AuditEntry.objects.filter(action__in=[Action.INTEGRITY_PATTERN_DEACTIVATE,
                                                 Action.INTEGRITY_PATTERN_ACTIVATE]).count() == 2


@pytest.mark.parametrize("data, error_class, field", [
    ({**DATA, "syntax": "regex", "pattern": "(示范单位"}, errors.PatternInvalid, "pattern"),
    ({**DATA, "pattern": "{town}…示范单位"}, errors.PatternInvalid, "pattern"),
    ({**DATA, "pattern": "…"}, errors.PatternInvalid, "pattern"),
    ({**DATA, "example": "须具有良好的商业信誉"}, errors.PatternMissesExample, "example"),
    ({**DATA, "kind": "local"}, errors.PatternIncomplete, "kind"),
    ({**DATA, "explanation": "  "}, errors.PatternIncomplete, "explanation"),
    ({**DATA, "syntax": "regex", "pattern": "[示范单位"}, errors.PatternInvalid, "pattern"),
])
def test_a_pattern_that_cannot_work_is_refused_and_nothing_is_written(regulator, data, error_class, field):
    before = pattern_writes()
    with pytest.raises(error_class) as caught:
        pattern_create(actor=regulator, data=data)
    assert caught.value.field == field
    assert pattern_writes() == before


def test_the_same_pattern_twice_is_refused(regulator):
    default = IntegrityPattern.objects.filter(syntax="phrase").first()
    before = pattern_writes()
    with pytest.raises(errors.PatternDuplicate):
        pattern_create(actor=regulator, data={name: getattr(default, name) for name in DATA})
    assert pattern_writes() == before


def test_a_change_without_a_reason_is_refused_and_the_pattern_is_unchanged(regulator):
    pattern = pattern_create(actor=regulator, data=DATA)
    before = pattern_writes()
    with pytest.raises(errors.PatternReasonRequired):
        pattern_update(actor=regulator, pattern=pattern, data={**DATA, "pattern": "标杆单位"}, reason=" ")
    with pytest.raises(errors.PatternReasonRequired):
        pattern_set_active(actor=regulator, pattern=pattern, active=False, reason="")
    pattern.refresh_from_db()
    assert pattern.pattern == "示范单位/标杆单位" and pattern.is_active
    assert pattern_writes() == before


@pytest.mark.parametrize("who", ["owner member", "inactive regulator", "anonymous"])
def test_only_active_regulators_keep_the_patterns(who):
    from django.contrib.auth.models import AnonymousUser

    actor = {
        "owner member": lambda: MembershipFactory().user,
        "inactive regulator": lambda: RegulatorFactory(is_active=False).user,
        "anonymous": AnonymousUser,
    }[who]()
    default = IntegrityPattern.objects.first()
    before = pattern_writes()
    with pytest.raises(NotAllowed):
        pattern_create(actor=actor, data=DATA)
    with pytest.raises(NotAllowed):
        pattern_set_active(actor=actor, pattern=default, active=False, reason="试试")
    assert pattern_writes() == before


# --- pages ---------------------------------------------------------------------------------


def test_the_pages_answer_only_active_regulators(client):
    default = IntegrityPattern.objects.first()
    urls = [reverse("bidding_regulator:patterns"), reverse("bidding_regulator:pattern_create"),
            reverse("bidding_regulator:pattern_edit", args=[default.pk]),
            reverse("bidding_regulator:pattern_active", args=[default.pk]),
            reverse("bidding_regulator:pattern_history", args=[default.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(MembershipFactory().user)
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(RegulatorFactory().user)
    for url in urls:
        assert client.get(url).status_code == 200
    assert client.get(reverse("bidding_regulator:pattern_edit", args=[10**9])).status_code == 404


def test_the_table_lists_the_shipped_patterns_and_the_trial_box_judges_a_clause(client, regulator):
    client.force_login(regulator)
    page = client.get(reverse("bidding_regulator:patterns")).content.decode()
    assert "{demand}…{place}…{presence}" in page and "须在德阳有办公场所" in page
    trial = client.get(reverse("bidding_regulator:patterns"), {"clause": "服务地点：德阳市；须在德阳有办公场所。"})
    body = trial.content.decode()
    assert "“须在德阳有办公场所”：不得设置区域性执业限制" in body
    assert "“服务地点：德阳市”" not in body
    assert not AuditEntry.objects.exists()


def test_a_regulator_adds_a_pattern_through_the_page_and_sees_its_history(client, regulator):
    client.force_login(regulator)
    response = client.post(reverse("bidding_regulator:pattern_create"), {**DATA, "reason": "新发现的设限方式"})
    assert response.status_code == 302
    pattern = IntegrityPattern.objects.get(pattern="示范单位/标杆单位")
    response = client.post(reverse("bidding_regulator:pattern_active", args=[pattern.pk]), {"reason": "暂停"})
    assert response.status_code == 302
    history = client.get(reverse("bidding_regulator:pattern_history", args=[pattern.pk])).content.decode()
    assert "新发现的设限方式" in history and "暂停" in history and "停用" in history


def test_a_refused_pattern_is_shown_next_to_its_field_and_the_input_is_kept(client, regulator):
    client.force_login(regulator)
    before = pattern_writes()
    response = client.post(reverse("bidding_regulator:pattern_create"),
                           {**DATA, "example": "须具有良好的商业信誉"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "该模式识别不出示例条款" in body and "示范单位/标杆单位" in body
    assert pattern_writes() == before
