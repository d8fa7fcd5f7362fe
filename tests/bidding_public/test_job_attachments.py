"""An announcement's attachments are public once it is published, as the owner's form promises:
anyone downloads them from the notice page, the agencies from their bid form too. A draft's
attachment is not even known to exist; every file comes as a download, never shown inline."""
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from bidding.models import Job, JobAttachment
from core.navigation import page_url
from tests.factories import AgencyServiceFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach(job, name="招标文件.pdf"):
    return JobAttachment.objects.create(job=job, name=name, file=ContentFile(PDF, name="tender.pdf"))


def download_url(attachment):
    return reverse("bidding_files:job_attachment", args=[attachment.job_id, attachment.pk])


def test_anyone_downloads_a_published_jobs_attachment_as_a_file(client):
    attachment = attach(JobFactory())
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")  # never inline
    assert b"".join(response.streaming_content) == PDF


def test_a_drafts_attachment_is_not_found_not_even_by_its_owner(client):
    job = JobFactory(status=Job.Status.DRAFT, published_at=None, draw_seed="", draw_commitment="")
    attachment = attach(job)
    assert client.get(download_url(attachment)).status_code == 404
    client.force_login(MembershipFactory(organisation=job.owner).user)
    assert client.get(download_url(attachment)).status_code == 404  # the owner has its own workspace link


def test_an_attachment_is_found_only_under_its_own_job(client):
    attachment = attach(JobFactory())
    other = JobFactory()
    assert client.get(reverse("bidding_files:job_attachment", args=[other.pk, attachment.pk])).status_code == 404


def test_the_public_notice_lists_the_attachments_with_their_links(client, home):
    job = JobFactory()
    attachment = attach(job, "项目说明书.pdf")
    page = client.get(page_url("job_notice", job.pk))
    body = page.content.decode()
    assert page.status_code == 200
    assert "项目说明书.pdf" in body and download_url(attachment) in body


def test_the_agency_sees_the_attachments_on_its_bid_form(client):
    job = JobFactory()
    attachment = attach(job, "现场踏勘记录.pdf")
    offer = AgencyServiceFactory(item=job.item)
    client.force_login(MembershipFactory(organisation=offer.agency).user)
    body = client.get(reverse("bidding:bid_form", args=[job.pk]) + f"?org={offer.agency.pk}").content.decode()
    assert "现场踏勘记录.pdf" in body and download_url(attachment) in body
