"""What the public sees (never who complained), what each regulator sees (their department's
scope), and the queue counts."""
import dataclasses

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from marketplace.selectors.scope import scope_of
from oversight.models import Complaint
from oversight.selectors import complaints as selectors
from oversight.services.complaints import complaint_decide, complaint_take
from tests.factories import AgencyFactory, DepartmentFactory, RegulatorFactory, ServiceItemFactory, UserFactory

from .helpers import Scene, at

pytestmark = pytest.mark.django_db

FILED = at(2026, 3, 2, 10)


@pytest.fixture
def scene():
    return Scene()


def scope(user):
    return scope_of(user.regulator)


def test_the_follow_page_never_carries_the_complainant(scene):
    complaint = scene.file(complainant_name="王秘密", contact_phone="13912345678", contact_email="secret@example.cn")
    public = selectors.complaint_public(f"  {complaint.number.lower()} ")
    assert public.number == complaint.number and public.status == "received" and public.is_open
    values = " ".join(str(value) for value in dataclasses.asdict(public).values())
    for secret in ("王秘密", "13912345678", "secret@example.cn", complaint.details):
        assert secret not in values
    assert public.outcome == "" and public.responsible_name == ""
    assert selectors.complaint_public("TS20260101-XXXXXX") is None
    assert selectors.complaint_public("") is None


def test_published_outcomes(scene):
    upheld, rejected, open_one = scene.file(now=FILED), scene.file(now=FILED), scene.file(now=FILED)
    complaint_take(actor=scene.regulator, complaint=upheld)
    complaint_decide(actor=scene.regulator, complaint=upheld, status="upheld", outcome="属实，责令整改。",
                     responsible=scene.agency, now=at(2026, 3, 5))
    complaint_take(actor=scene.regulator, complaint=rejected)
    complaint_decide(actor=scene.regulator, complaint=rejected, status="rejected", outcome="不属实。",
                     now=at(2026, 3, 6))
    listed = selectors.public_decided()
    assert listed.count() == 2
    rows = listed[0:10]
    assert [row.number for row in rows] == [rejected.number, upheld.number]
    assert rows[1].responsible_name == scene.agency.name and rows[1].status_label
    assert rows[0].responsible_name == ""
    assert open_one.number not in [row.number for row in listed]
    assert selectors.public_decided(region="510700").count() == 0
    assert selectors.public_decided(region="510600").count() == 2
    from django.core.paginator import Paginator

    assert len(Paginator(selectors.public_decided(), 1).page(2).object_list) == 1


def test_scope_and_queue(scene):
    ours = scene.file(now=FILED)
    elsewhere_item = ServiceItemFactory()  # nobody supervises: the operator's
    operators = scene.file(now=FILED, item=elsewhere_item)
    mianyang_department = DepartmentFactory(name="绵阳生态环境局", region=scene.other_region)
    mianyang = RegulatorFactory(department=mianyang_department, categories=[scene.category]).user
    theirs = scene.file(now=FILED, agency=AgencyFactory(region=scene.other_region))
    assert theirs.department == mianyang_department

    def numbers(user, **filters):
        return {c.number for c in selectors.complaints_in_scope(scope(user), now=at(2026, 3, 3), **filters)}

    assert numbers(scene.regulator) == {ours.number}
    # the platform operator of 德阳 sees all of 德阳 (its own case and the department's), not 绵阳
    assert numbers(scene.operator_staff) == {ours.number, operators.number}
    assert numbers(scene.operator_staff, department_only=True) == {operators.number}
    assert numbers(mianyang) == {theirs.number}
    assert numbers(scene.regulator, item=scene.item.pk) == {ours.number}
    assert numbers(scene.regulator, region="510700") == set()

    assert selectors.complaint_for_regulator(ours.pk, scene.regulator) == ours
    assert selectors.complaint_for_regulator(str(ours.pk), scene.operator_staff) == ours
    with pytest.raises(PermissionDenied):
        selectors.complaint_for_regulator(ours.pk, mianyang)
    with pytest.raises(PermissionDenied):
        selectors.complaint_for_regulator(ours.pk, UserFactory())
    with pytest.raises(Http404):
        selectors.complaint_for_regulator(10 ** 9, scene.regulator)
    with pytest.raises(Http404):
        selectors.complaint_for_regulator("1 or 1=1", scene.regulator)
    assert selectors.may_handle(scene.regulator, ours) and not selectors.may_handle(scene.operator_staff, ours)


def test_due_filters_and_counts(scene, django_assert_num_queries):
    early = scene.file(now=FILED)  # due 2026-03-23
    later = scene.file(now=at(2026, 3, 9))  # due 2026-03-30
    done = scene.file(now=FILED)
    complaint_decide(actor=scene.regulator, complaint=done, status="dismissed", outcome="重复投诉。")
    s = scope(scene.regulator)
    now = at(2026, 3, 19)
    assert [c.pk for c in selectors.complaints_in_scope(s, due="soon", now=now)] == [early.pk]
    assert [c.pk for c in selectors.complaints_in_scope(s, due="overdue", now=at(2026, 3, 25))] == [early.pk]
    assert [c.pk for c in selectors.complaints_in_scope(s, status="open", now=now)] == [early.pk, later.pk]
    assert [c.pk for c in selectors.complaints_in_scope(s, status="decided", now=now)] == [done.pk]
    assert [c.pk for c in selectors.complaints_in_scope(s, now=now)] == [early.pk, later.pk, done.pk]
    with django_assert_num_queries(2):  # the calendar, then one aggregate
        counts = selectors.queue_counts(s, now=at(2026, 3, 25))
    assert counts == {"open": 2, "due_soon": 1, "overdue": 1}
    assert selectors.count_open(s) == 2
    assert Complaint.objects.count() == 3
