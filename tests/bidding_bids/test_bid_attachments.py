"""A bid's attachment: its own agency reads it any time; the owner and regulators only after
the close; before the close nobody else even learns it exists (404)."""
import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from bidding.models import BidAttachment, Job
from tests.factories import BidFactory, JobFactory, MembershipFactory, RegulatorFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _scene(status, closes_in_days):
    job = JobFactory(status=status, closes_at=timezone.now() + datetime.timedelta(days=closes_in_days))
    author = MembershipFactory()
    bid = BidFactory(job=job, agency=author.organisation,
                     status="live" if status == Job.Status.PUBLISHED else "valid")
    attachment = BidAttachment.objects.create(bid=bid, name="服务方案.pdf", file=ContentFile(PDF, name="plan.pdf"))
    owner = MembershipFactory(organisation=job.owner)
    return job, author, owner, attachment


def _get(client, user, attachment):
    client.force_login(user)
    return client.get(f"/workspace/bids/attachments/{attachment.pk}/")


def test_before_the_close_only_the_author_reads_it(client):
    _job, author, owner, attachment = _scene(Job.Status.PUBLISHED, 3)
    assert _get(client, author.user, attachment).status_code == 200
    assert _get(client, owner.user, attachment).status_code == 404
    assert _get(client, RegulatorFactory().user, attachment).status_code == 404
    assert _get(client, MembershipFactory().user, attachment).status_code == 404


def test_after_the_close_the_owner_reads_it_but_other_agencies_do_not(client):
    _job, _author, owner, attachment = _scene(Job.Status.CLOSED, -1)
    response = _get(client, owner.user, attachment)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _get(client, MembershipFactory().user, attachment).status_code == 404


def test_the_selection_page_links_the_plan_files(client):
    job, _author, owner, attachment = _scene(Job.Status.CLOSED, -1)
    client.force_login(owner.user)
    page = client.get(f"/workspace/jobs/{job.pk}/selection/").content.decode()
    assert f"/workspace/bids/attachments/{attachment.pk}/" in page
