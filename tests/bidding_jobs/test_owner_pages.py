"""The owner's pages over HTTP: members (admins and operators) work; everyone else gets 403 on
the list pages and 404 on a job's pages (another owner's job is not even known to exist);
the form refuses crafted input; publication refusals are shown with their messages."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from bidding.models import Job
from tests.factories import AgencyFactory, BidFactory, JobFactory, QualificationTypeFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pages(job):
    return [
        ("get", "/workspace/jobs/"),
        ("get", f"/workspace/jobs/new/?org={job.owner.pk}"),
        ("get", f"/workspace/jobs/{job.pk}/"),
        ("get", f"/workspace/jobs/{job.pk}/edit/"),
        ("post", f"/workspace/jobs/{job.pk}/edit/"),
        ("post", f"/workspace/jobs/{job.pk}/publish/"),
        ("post", f"/workspace/jobs/{job.pk}/cancel/"),
        ("post", f"/workspace/jobs/{job.pk}/reannounce/"),
    ]


def _refusal(url):
    """403 for the list and new-job pages, 404 for a job's own pages."""
    return 404 if "/jobs/" in url and url.split("/jobs/")[1][:1].isdigit() else 403


def test_non_members_get_refused_on_every_owner_page(client, draft, outsider):
    client.force_login(outsider)
    # The outsider belongs to another owner, so the list page itself is theirs: it must not show this job.
    assert draft.title not in client.get("/workspace/jobs/").content.decode()
    for method, url in pages(draft)[1:]:
        response = getattr(client, method)(url, {"reason": "x"} if method == "post" else None)
        assert response.status_code == _refusal(url), url
    assert Job.objects.get(pk=draft.pk).status == Job.Status.DRAFT
    assert Job.objects.count() == 1 and not AuditEntry.objects.exists()


def test_a_user_of_no_owner_is_refused_and_anonymous_users_are_sent_to_log_in(client, draft, anyone):
    client.force_login(anyone)
    for method, url in pages(draft):
        assert getattr(client, method)(url).status_code == _refusal(url), url
    client.logout()
    for method, url in pages(draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert Job.objects.count() == 1 and not AuditEntry.objects.exists()


def test_the_agency_side_cannot_open_owner_pages(client, draft):
    from tests.factories import MembershipFactory

    agency_member = MembershipFactory(organisation=AgencyFactory()).user
    client.force_login(agency_member)
    assert client.get(f"/workspace/jobs/new/?org={agency_member.organisations.get().pk}").status_code == 403
    assert client.get(f"/workspace/jobs/{draft.pk}/").status_code == 404


def form_post(item, **extra):
    data = {
        "title": "旌阳区某道路改建工程环境影响评价", "project_code": "2026-510603-48-01-000123",
        "item": item.pk, "budget": "80000", "ceiling_price": "75000", "fee_quantity": "",
        "selection_method": "random", "price_mode": "amount", "closes_on": "2026-03-11", "closes_time": "17:00",
        "service_days": "20", "description": "编制环境影响报告表。", "requirements": "",
        "avoid-TOTAL_FORMS": "2", "avoid-INITIAL_FORMS": "0", "avoid-MIN_NUM_FORMS": "0", "avoid-MAX_NUM_FORMS": "20",
        "avoid-0-agency_uscc": "", "avoid-0-reason": "", "avoid-1-agency_uscc": "", "avoid-1-reason": "",
    }
    data.update(extra)
    return data


def test_an_operator_creates_and_publishes_through_the_site(client, owner, operator, item, surveying, friday):
    client.force_login(operator)
    assert client.get(f"/workspace/jobs/new/?org={owner.pk}").status_code == 200
    agency = AgencyFactory()
    response = client.post(f"/workspace/jobs/new/?org={owner.pk}", form_post(
        item, required_qualifications=[surveying.pk], **{"avoid-0-agency_uscc": agency.uscc.lower(),
                                                         "avoid-0-reason": "本项目可研编制单位"}))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workspace/jobs/{job.pk}/"
    assert job.closes_at.isoformat() == "2026-03-11T09:00:00+00:00"  # 17:00 in Shanghai
    assert list(job.avoidances.values_list("agency", flat=True)) == [agency.pk]
    assert client.get(f"/workspace/jobs/{job.pk}/").status_code == 200
    response = client.post(f"/workspace/jobs/{job.pk}/publish/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    page = client.get(f"/workspace/jobs/{job.pk}/").content.decode()
    assert job.draw_commitment in page and job.draw_seed not in page


def test_the_form_refuses_a_crafted_qualification(client, owner, admin, item):
    extra = QualificationTypeFactory(code="local", name="本地备案")
    client.force_login(admin)
    response = client.post(f"/workspace/jobs/new/?org={owner.pk}", form_post(item, required_qualifications=[extra.pk]))
    assert response.status_code == 400
    assert not Job.objects.exists() and not AuditEntry.objects.exists()
    assert response.context["form"].errors["required_qualifications"]


def test_an_empty_form_says_what_is_missing_and_writes_nothing(client, owner, admin, item):
    client.force_login(admin)
    data = {**form_post(item), "title": "", "item": "", "service_days": ""}
    response = client.post(f"/workspace/jobs/new/?org={owner.pk}", data)
    body = response.content.decode()
    assert "请填写项目名称。" in body and "请选择服务事项。" in body and "请填写要求服务时限。" in body
    assert "这个字段是必填项" not in body and "This field is required" not in body
    assert not Job.objects.exists() and not AuditEntry.objects.exists()


def test_every_avoided_agency_input_has_a_label(client, owner, admin):
    client.force_login(admin)
    body = client.get(f"/workspace/jobs/new/?org={owner.pk}").content.decode()
    inputs = re.findall(r'<input[^>]*name="avoid-\d+-(?:agency_uscc|reason)"[^>]*>', body)
    assert len(inputs) == 4  # two empty rows
    for tag in inputs:
        input_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'<label class="visually-hidden" for="{input_id}">' in body, tag


def test_the_form_offers_only_the_items_legal_qualifications(client, owner, admin, item, surveying):
    QualificationTypeFactory(code="other", name="其他资质")
    client.force_login(admin)
    response = client.post(f"/workspace/jobs/new/?org={owner.pk}", {"item": item.pk, "_refresh_item": "1",
                                                                     "title": "草稿", **form_post(item)})
    assert response.status_code == 200 and not Job.objects.exists()
    choices = [pk for pk, _label in response.context["form"].fields["required_qualifications"].choices]
    assert [getattr(pk, "value", pk) for pk in choices] == [surveying.pk]


def test_an_attachment_is_uploaded_and_served_to_members_only(client, draft, admin, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin)
    data = form_post(draft.item, attachments=[SimpleUploadedFile("招标文件.pdf", PDF)])
    assert client.post(f"/workspace/jobs/{draft.pk}/edit/", data).status_code == 302
    attachment = draft.attachments.get()
    url = f"/workspace/jobs/{draft.pk}/attachments/{attachment.pk}/"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")  # downloaded, never shown inline
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_refused_publication_shows_every_message(client, draft, admin, friday):
    draft.requirements = "须为本地注册企业。"
    draft.service_days = 45
    draft.save()
    client.force_login(admin)
    before = AuditEntry.objects.count()
    response = client.post(f"/workspace/jobs/{draft.pk}/publish/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "本地注册" in page and "法定服务时限" in page and "发布前须修改以下内容" in page
    assert Job.objects.get(pk=draft.pk).status == Job.Status.DRAFT
    assert AuditEntry.objects.count() == before


def test_cancel_without_a_reason_is_shown_on_the_form(client, owner, admin):
    job = JobFactory(owner=owner)
    client.force_login(admin)
    before = AuditEntry.objects.count()
    response = client.post(f"/workspace/jobs/{job.pk}/cancel/", {"reason": ""})
    assert response.status_code == 200
    assert response.context["cancel_form"].errors["reason"] == ["请填写撤销原因，原因将公开。"]
    assert Job.objects.get(pk=job.pk).status == Job.Status.PUBLISHED
    assert AuditEntry.objects.count() == before


def test_reannounce_through_the_site_opens_the_new_draft(client, owner, admin):
    old = JobFactory(owner=owner, status=Job.Status.FAILED)
    client.force_login(admin)
    response = client.post(f"/workspace/jobs/{old.pk}/reannounce/")
    new = Job.objects.get(reannounced_from=old)
    assert response.status_code == 302 and response["Location"] == f"/workspace/jobs/{new.pk}/edit/"
    assert client.get(response["Location"]).status_code == 200


def test_the_job_list_hides_bid_counts_while_sealed_and_runs_constant_queries(client, owner, admin, item):
    open_job = JobFactory(owner=owner, item=item, title="报名中的项目")
    BidFactory(job=open_job)
    client.force_login(admin)
    client.get("/workspace/jobs/")  # warm up (session, user)
    with CaptureQueriesContext(connection) as few:
        page = client.get("/workspace/jobs/").content.decode()
    assert "密封中" in page
    for _n in range(5):
        closed = JobFactory(owner=owner, item=item, status=Job.Status.CLOSED)
        BidFactory(job=closed, status="valid")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/workspace/jobs/").content.decode()
    assert len(many) == len(few)
    assert page.count("1 / 1") == 5


def test_the_workspace_home_links_the_job_list_for_owners(client, owner, admin):
    client.force_login(admin)
    assert reverse("bidding:owner_jobs") in client.get("/workspace/").content.decode()


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_both_roles_see_the_job_page(client, draft, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/workspace/jobs/{draft.pk}/").status_code == 200
