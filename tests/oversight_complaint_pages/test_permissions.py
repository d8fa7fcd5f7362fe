"""The complaint queue, the case pages, their actions and the evidence files are for regulators
only, scoped by department: the public is sent to the login page and agency members get 403; a regulator of a department
that neither answers the complaint nor oversees its item gets 403 on every page and action of
it, and nothing is written; one whose department oversees it but does not answer it reads the
case without who complained, and may not act or download the files."""
import pytest
from django.test import Client
from django.urls import reverse

from core import navigation
from marketplace.selectors.scope import scope_of
from oversight.models import Complaint, ComplaintFile
from oversight.services.complaints import complaint_file
from tests.factories import DepartmentFactory, RegulatorFactory
from tests.writes import nothing_written

from .scene import DETAILS, EMAIL, NAME, PHONE, SUMMARY, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(scene):
    return complaint_file(actor=None, about=Complaint.About.AGENCY, agency=scene.agency, item=scene.item,
                          summary=SUMMARY, details=DETAILS, anonymous=False, complainant_name=NAME,
                          contact_phone=PHONE, contact_email=EMAIL, files=[pdf()])


def pages(complaint):
    file = complaint.files.get()
    return [
        ("get", reverse("oversight_regulator:complaints"), {}),
        ("get", reverse("oversight_regulator:complaint", args=[complaint.pk]), {}),
        ("get", reverse("oversight_files:complaint_file", args=[file.pk]), {}),
    ]


def actions(scene, complaint):
    return [
        reverse("oversight_regulator:complaint_take", args=[complaint.pk]),
        reverse("oversight_regulator:complaint_transfer", args=[complaint.pk]),
        reverse("oversight_regulator:complaint_decide", args=[complaint.pk]),
    ]


def action_data(scene):
    return {"department": scene.other_regulator.department_id, "reason": "不属本部门。", "status": "dismissed",
            "outcome": "不予受理。"}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def refused(response, who):
    """A visitor is sent to the login page first (as on every regulator page); a signed-in user
    who is not a regulator of the case gets 403."""
    if who == "anonymous":
        return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    return response.status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "member", "user"])
def test_not_regulators_are_refused_everywhere(scene, complaint, user, who):
    visitor = client_for({"anonymous": None, "member": scene.member, "user": user}[who])
    for _method, url, _data in pages(complaint):
        assert refused(visitor.get(url), who), url
    for url in actions(scene, complaint):
        with nothing_written(Complaint, ComplaintFile):
            assert refused(visitor.post(url, action_data(scene)), who), url
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED and complaint.department == scene.department


def test_another_departments_regulator_gets_403_and_writes_nothing(scene, complaint):
    officer = client_for(scene.other_regulator.user)
    queue = officer.get(reverse("oversight_regulator:complaints"), {"status": "all"})
    assert queue.status_code == 200 and complaint.number not in queue.content.decode()
    for _method, url, _data in pages(complaint)[1:]:
        assert officer.get(url).status_code in (403, 404), url
    for url in actions(scene, complaint):
        with nothing_written(Complaint, ComplaintFile):
            assert officer.post(url, action_data(scene)).status_code in (403, 404), url
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED and complaint.department == scene.department


def test_a_regulator_overseeing_it_from_another_department_only_reads(scene, complaint):
    """A provincial department supervising the same category sees the case in its scope, but who
    complained, the details and the files stay with the answering department."""
    from tests.factories import RegionFactory

    sichuan = RegionFactory(code="510000", name="四川省", level=1, full_name="四川省")
    province = DepartmentFactory(name="四川省生态环境厅", region=sichuan)
    reader = RegulatorFactory(department=province, categories=[scene.item.category])
    officer = client_for(reader.user)
    assert complaint.number in officer.get(reverse("oversight_regulator:complaints")).content.decode()
    page = officer.get(reverse("oversight_regulator:complaint", args=[complaint.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and SUMMARY in text and "您只能查看" in text
    for secret in (NAME, PHONE, EMAIL, DETAILS):
        assert secret not in text
    assert reverse("oversight_regulator:complaint_take", args=[complaint.pk]) not in text
    assert officer.get(reverse("oversight_files:complaint_file", args=[complaint.files.get().pk])).status_code == 403
    with nothing_written(Complaint, ComplaintFile):
        refused = officer.post(reverse("oversight_regulator:complaint_take", args=[complaint.pk]), follow=True)
    assert "只有承办部门的在岗监管人员可以办理该投诉" in refused.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED


def test_an_unknown_case_or_file_is_not_found(scene, regulator_client):
    assert regulator_client.get(reverse("oversight_regulator:complaint", args=[999999])).status_code == 404
    assert regulator_client.get(reverse("oversight_files:complaint_file", args=[999999])).status_code == 404
    assert regulator_client.get("/regulator/oversight/complaints/99999999999999999999999/").status_code == 404


def test_the_workspace_queue_counts_open_complaints_in_scope(scene, complaint):
    queue = next(queue for queue in navigation.queues() if queue.key == "complaints")
    assert queue.url == "oversight_regulator:complaints"
    assert queue.count(scope_of(scene.regulator)) == 1
    assert queue.count(scope_of(scene.other_regulator)) == 0
    assert queue.urgent(scope_of(scene.regulator)) == 0  # 15 working days ahead


def test_the_menus_link_to_the_complaint_pages(scene, regulator_client):
    public = Client().get(reverse("oversight:complaints")).content.decode()
    assert f'href="{reverse("oversight:complaints")}"' in public
    workspace = regulator_client.get(reverse("oversight_regulator:complaints")).content.decode()
    assert f'href="{reverse("oversight_regulator:complaints")}"' in workspace
