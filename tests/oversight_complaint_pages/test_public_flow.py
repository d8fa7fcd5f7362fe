"""A member of the public files a complaint through the site, without logging in, and follows it
by its tracking number to its published outcome, while the department's regulator takes it and
decides it through the regulator pages."""
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from oversight.models import Complaint

from .scene import DETAILS, EMAIL, NAME, OUTCOME, PHONE, SUMMARY, file_complaint, form_data, pdf

pytestmark = pytest.mark.django_db


def test_the_public_files_a_complaint_and_follows_it_to_its_outcome(client, scene, django_capture_on_commit_callbacks):
    page = client.get(reverse("oversight:complaints"))
    assert page.status_code == 200
    assert "我要投诉" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = file_complaint(client, form_data(scene, files=[pdf()]))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:complaint", args=[complaint.number])
    assert re.fullmatch(r"TS\d{8}-[A-Z2-9]{6}", complaint.number)
    assert (complaint.agency, complaint.item, complaint.department) == (scene.agency, scene.item, scene.department)
    assert (complaint.complainant_name, complaint.contact_phone, complaint.contact_email) == (NAME, PHONE, EMAIL)
    assert complaint.files.count() == 1
    assert complaint.filed_by is None  # filed without logging in
    # The acknowledgment with the tracking number goes to the contact e-mail.
    assert any(complaint.number in message.body and EMAIL in message.to for message in mail.outbox)

    follow = client.get(response["Location"])
    text = follow.content.decode()
    assert follow.status_code == 200
    assert complaint.number in text and "已受理" in text and SUMMARY in text
    assert "办理期限" in text

    # The follow box finds it by its number, however it is typed.
    found = Client().get(reverse("oversight:complaint_follow"), {"number": f" {complaint.number.lower()} "})
    assert found.status_code == 302 and found["Location"] == reverse("oversight:complaint", args=[complaint.number])

    # The department's regulator sees it in the queue, with who complained, and takes it.
    officer = Client()
    officer.force_login(scene.regulator.user)
    queue = officer.get(reverse("oversight_regulator:complaints")).content.decode()
    assert complaint.number in queue
    case_url = reverse("oversight_regulator:complaint", args=[complaint.pk])
    case = officer.get(case_url).content.decode()
    assert NAME in case and PHONE in case and EMAIL in case and DETAILS in case
    file_url = reverse("oversight_files:complaint_file", args=[complaint.files.get().pk])
    assert file_url in case
    download = officer.get(file_url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    assert officer.post(reverse("oversight_regulator:complaint_take", args=[complaint.pk])).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.HANDLING and complaint.handler == scene.regulator.user
    assert "处理中" in Client().get(reverse("oversight:complaint", args=[complaint.number])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        decided = officer.post(reverse("oversight_regulator:complaint_decide", args=[complaint.pk]), {
            "status": Complaint.Status.UPHELD, "outcome": OUTCOME, "responsible": scene.agency.pk})
    assert decided.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.UPHELD and complaint.responsible == scene.agency
    assert AuditEntry.objects.filter(action=Action.COMPLAINT_DECIDE.value).count() == 1

    # The outcome is published: on the follow page and in the list of outcomes.
    public = Client()
    text = public.get(reverse("oversight:complaint", args=[complaint.number])).content.decode()
    assert "投诉成立" in text and OUTCOME in text and scene.agency.name in text
    outcomes = public.get(reverse("oversight:complaint_outcomes")).content.decode()
    assert complaint.number in outcomes and OUTCOME in outcomes
    assert SUMMARY in public.get(reverse("oversight:complaints")).content.decode()  # the latest outcomes


def test_a_signed_in_visitor_may_complain_anonymously(client, scene, user):
    client.force_login(user)
    form = client.get(reverse("oversight:complaints")).content.decode()
    assert user.email in form  # their details are offered
    response = file_complaint(client, form_data(scene, identity="anonymous", complainant_name=NAME,
                                                contact_email="", contact_phone=PHONE))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.complainant_name == "" and complaint.contact_phone == PHONE
    assert complaint.filed_by == user


def test_a_complaint_about_a_job_by_its_number_or_its_notice_address(client, scene):
    response = file_complaint(client, form_data(scene, about=Complaint.About.JOB, agency="",
                                                job=f"https://zjcs.example.cn/notices/{scene.job.pk}/"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.job == scene.job and complaint.item == scene.job.item
    assert complaint.department == scene.department


def test_an_agency_named_by_its_uscc_or_picked_among_several_names(client, scene):
    from tests.factories import AgencyFactory

    assert file_complaint(client, form_data(scene, agency=scene.agency.uscc.lower())).status_code == 302
    assert Complaint.objects.get().agency == scene.agency

    twin = AgencyFactory(name="德阳绿源测绘有限公司", region=scene.agency.region)
    asked = file_complaint(client, form_data(scene, agency="德阳绿源"))
    text = asked.content.decode()
    assert asked.status_code == 400 and "请在下面选择一家" in text
    assert scene.agency.name in text and twin.name in text
    assert Complaint.objects.count() == 1
    picked = file_complaint(client, form_data(scene, agency="德阳绿源", agency_pick=twin.pk))
    assert picked.status_code == 302
    assert Complaint.objects.order_by("-pk").first().agency == twin


def test_a_regulator_transfers_a_misrouted_complaint(scene, regulator_client):
    """The other department then has it; the first still reads it (its category), without acting
    on it and without seeing who complained."""
    from oversight.services.complaints import complaint_file

    complaint = complaint_file(actor=None, about=Complaint.About.AGENCY, agency=scene.agency, item=scene.item,
                               summary=SUMMARY, details=DETAILS, anonymous=True, contact_phone=PHONE)
    other = scene.other_regulator.department
    response = regulator_client.post(reverse("oversight_regulator:complaint_transfer", args=[complaint.pk]),
                                     {"department": other.pk, "reason": "所涉事项由自然资源部门监管。"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.department == other and complaint.status == Complaint.Status.RECEIVED
    # Now out of the first department's scope: it no longer acts on it.
    page = regulator_client.get(reverse("oversight_regulator:complaint", args=[complaint.pk])).content.decode()
    assert "您只能查看" in page and PHONE not in page and DETAILS not in page
    assert reverse("oversight_regulator:complaint_take", args=[complaint.pk]) not in page
    officer = Client()
    officer.force_login(scene.other_regulator.user)
    assert complaint.number in officer.get(reverse("oversight_regulator:complaints")).content.decode()
