"""The follow page and the list of outcomes come from the page cache for anonymous visitors and
change at once when a regulator takes or decides the complaint (topic "complaints"), and by the
clock when the deadline passes."""
import datetime

import pytest
import time_machine
from django.urls import reverse

from oversight.models import Complaint
from oversight.services.complaints import complaint_decide, complaint_file, complaint_take
from tests.pagecache import cached_text, fresh

from .scene import DETAILS, OUTCOME, PHONE, SUMMARY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_the_follow_page_changes_at_once_with_the_case(client, scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_file(actor=None, about=Complaint.About.AGENCY, agency=scene.agency, item=scene.item,
                                   summary=SUMMARY, details=DETAILS, anonymous=True, contact_phone=PHONE)
    page = reverse("oversight:complaint", args=[complaint.number])
    outcomes = reverse("oversight:complaint_outcomes")
    assert "已受理" in cached_text(client, page)
    assert complaint.number not in cached_text(client, outcomes)

    with django_capture_on_commit_callbacks(execute=True):
        complaint_take(actor=scene.regulator.user, complaint=complaint)
    assert "处理中" in fresh(client, page)
    cached_text(client, page)

    with django_capture_on_commit_callbacks(execute=True):
        complaint_decide(actor=scene.regulator.user, complaint=complaint, status=Complaint.Status.UPHELD,
                         outcome=OUTCOME, responsible=scene.agency)
    assert OUTCOME in fresh(client, page)
    assert complaint.number in fresh(client, outcomes)


def test_an_open_complaint_shows_as_overdue_once_its_deadline_passes(client, scene):
    complaint = complaint_file(actor=None, about=Complaint.About.AGENCY, agency=scene.agency, item=scene.item,
                               summary=SUMMARY, details=DETAILS, anonymous=True, contact_phone=PHONE)
    page = reverse("oversight:complaint", args=[complaint.number])
    assert "已超期" not in cached_text(client, page)
    with time_machine.travel(complaint.due_at + datetime.timedelta(minutes=1)):
        assert "已超期" in fresh(client, page)
