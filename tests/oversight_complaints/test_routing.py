"""Filing routes a complaint to the department supervising the item's category (the most specific
region first), else to the region's platform operator, else to any platform operator; the
complainant gets a tracking number, the department a notice."""
import re

import pytest
from django.core import mail

from core.models import Notice
from oversight.errors.complaints import ComplaintNoDepartment
from oversight.models import Complaint
from providers.models import Department, Region
from tests.factories import DepartmentFactory, JobFactory, OwnerFactory, RegulatorFactory, ServiceItemFactory

from .helpers import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return Scene()


def test_routed_to_the_department_supervising_the_category(scene):
    complaint = scene.file()
    assert (complaint.department, complaint.routed_by) == (scene.department, "supervisor")
    assert re.fullmatch(r"TS\d{8}-[A-Z2-9]{6}", complaint.number)
    assert complaint.status == Complaint.Status.RECEIVED


def test_the_most_specific_supervising_department_wins(scene):
    county_department = DepartmentFactory(name="旌阳区生态环境局", region=scene.county)
    RegulatorFactory(department=county_department, categories=[scene.category])
    assert scene.file().department == county_department  # the agency is in 旌阳区
    # a complaint about an agency elsewhere in the prefecture goes to the prefecture's department
    other_county, _created = Region.objects.get_or_create(
        code="510681", defaults={"name": "广汉市", "level": Region.Level.COUNTY, "parent": scene.prefecture,
                                 "full_name": "四川省德阳市广汉市"})
    from tests.factories import AgencyFactory

    assert scene.file(agency=AgencyFactory(region=other_county)).department == scene.department


def test_inactive_supervisors_do_not_count(scene):
    type(scene.regulator.regulator).objects.filter(department=scene.department).update(is_active=False)
    complaint = scene.file()
    assert (complaint.department, complaint.routed_by) == (scene.operator, "operator")


def test_no_supervisor_goes_to_the_regions_platform_operator(scene):
    unsupervised = ServiceItemFactory()
    complaint = scene.file(item=unsupervised)
    assert (complaint.department, complaint.routed_by) == (scene.operator, "operator")
    # and so does a complaint naming no item at all
    assert scene.file(item=None).department == scene.operator


def test_outside_every_region_goes_to_any_platform_operator(scene):
    from tests.factories import AgencyFactory

    complaint = scene.file(agency=AgencyFactory(region=scene.other_region))  # 绵阳: nobody there
    assert (complaint.department, complaint.routed_by) == (scene.operator, "operator")
    # a province operator contains 绵阳 and is more specific than "any"
    province_operator = DepartmentFactory(name="四川省政务服务和公共资源交易服务中心", region=scene.province,
                                          is_platform_operator=True)
    assert scene.file(agency=AgencyFactory(region=scene.other_region)).department == province_operator


def test_a_job_complaint_follows_the_jobs_item_and_owners_region(scene):
    owner = OwnerFactory(region=scene.county)
    job = JobFactory(owner=owner, item=scene.item)
    complaint = scene.file(about="job", agency=None, job=job.pk, item=None)
    assert (complaint.job, complaint.item, complaint.region) == (job, scene.item, scene.county)
    assert complaint.department == scene.department


def test_no_department_at_all_is_refused_and_writes_nothing(scene):
    Department.objects.filter(pk=scene.operator.pk).update(is_platform_operator=False)
    with pytest.raises(ComplaintNoDepartment):
        scene.file(item=ServiceItemFactory())
    assert not Complaint.objects.exists()


def test_department_notified_and_complainant_acknowledged(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = scene.file()
    notified = set(Notice.objects.values_list("user_id", flat=True))
    assert notified == {scene.regulator.pk, scene.colleague.pk, scene.head.pk}
    acknowledgments = [m for m in mail.outbox if m.to == ["wang@example.cn"]]
    assert len(acknowledgments) == 1
    assert complaint.number in acknowledgments[0].subject
    assert complaint.number in acknowledgments[0].body
