"""The selection, objection and complaint pages: who may see them, and that they drive the services."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding.models import Bid, Draw, Job, Objection
from bidding.services.objections import objection_answer, objection_escalate, objection_raise
from bidding.services.selection import draw_run
from tests.factories import RegulatorFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(job, suffix=""):
    return f"/workspace/jobs/{job.pk}/selection/{suffix}"


@pytest.fixture
def drawn(scene):
    job = scene.job(Job.Method.RANDOM)
    job.bids_made = scene.bids(job, [50000, 60000, 70000])
    draw_run(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    job.owner_user = scene.owner_user
    job.loser = next(bid for bid in job.bids_made if bid.pk != job.winner_id)
    return job


def escalated(job):
    objection = objection_raise(actor=job.loser.member, job=job, bid=job.loser, reasons="证书过期")
    objection_answer(actor=job.owner_user, objection=objection, answer="证书有效")
    objection_escalate(actor=job.loser.member, objection=objection, reasons="答复不实")
    return objection


# --- access -----------------------------------------------------------------------------------

@pytest.mark.parametrize("who, expected, after_post", [
    ("anonymous", 302, 302), ("stranger", 404, 404), ("bidder", 404, 404), ("owner", 200, 302),
])
def test_only_owner_members_see_the_selection_page(scene, client, who, expected, after_post):
    job = scene.job(Job.Method.RANDOM)
    bid = scene.bid(job)
    users = {"stranger": UserFactory(), "bidder": bid.member, "owner": scene.owner_user}
    if who != "anonymous":
        client.force_login(users[who])
    assert client.get(url(job)).status_code == expected
    assert client.post(url(job, "draw/")).status_code == after_post
    job.refresh_from_db()
    # Only the owner's press does anything (here: one valid bid, so the job fails).
    assert (job.status == Job.Status.FAILED) == (who == "owner")


def test_before_the_close_the_page_shows_no_bid(scene, client):
    job = scene.job(Job.Method.RANDOM, status=Job.Status.PUBLISHED,
                    closes_at=timezone.now() + datetime.timedelta(days=2))
    bid = scene.bid(job, status=Bid.Status.LIVE)
    client.force_login(scene.owner_user)
    page = client.get(url(job)).content.decode()
    assert bid.agency.name not in page and bid.receipt_number not in page
    assert "密封" in page


# --- the methods through the page -------------------------------------------------------------

def test_the_owner_draws_with_one_button(scene, client):
    job = scene.job(Job.Method.RANDOM)
    bids = scene.bids(job, [50000, 60000, 70000])
    client.force_login(scene.owner_user)
    page = client.get(url(job)).content.decode()
    assert "开始抽取" in page and all(bid.agency.name in page for bid in bids)
    response = client.post(url(job, "draw/"), follow=True)
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY
    assert "抽取记录" in response.content.decode()
    # A second press is refused with a message, not a traceback.
    again = client.post(url(job, "draw/"), follow=True)
    assert again.status_code == 200 and Draw.objects.filter(job=job).count() == 1


def test_a_failed_draw_offers_the_re_announcement(scene, client):
    job = scene.job(Job.Method.RANDOM)
    scene.bids(job, [50000, 60000])
    client.force_login(scene.owner_user)
    page = client.post(url(job, "draw/"), follow=True).content.decode()
    assert "有效报名 2 家，少于“随机抽取”所需的 3 家" in page
    assert f"/workspace/jobs/{job.pk}/reannounce/" in page


def test_direct_without_a_reason_shows_the_message_next_to_the_field(scene, client):
    job = scene.job(Job.Method.DIRECT)
    bid = scene.bid(job)
    client.force_login(scene.owner_user)
    response = client.post(url(job, "direct/"), {"bid": bid.pk, "reason": ""})
    assert response.status_code == 400
    assert "直接选取须填写选取理由" in response.content.decode()
    response = client.post(url(job, "direct/"), {"bid": bid.pk, "reason": "唯一有效报名"})
    job.refresh_from_db()
    assert job.winner == bid


def test_lowest_price_asks_for_the_justification_of_an_abnormally_low_winner(scene, client):
    job = scene.job(Job.Method.LOWEST_PRICE)
    low, *_ = scene.bids(job, [30000, 60000, 62000, 64000])
    client.force_login(scene.owner_user)
    page = client.get(url(job)).content.decode()
    assert f"justification_{low.pk}" in page and "异常低价" in page
    refused = client.post(url(job, "lowest/"), {})
    assert refused.status_code == 400 and "书面说明" in refused.content.decode()
    client.post(url(job, "lowest/"), {f"justification_{low.pk}": "已有成果可复用"})
    job.refresh_from_db()
    assert job.winner == low


def test_scoring_through_the_page(scene, client):
    job = scene.job(Job.Method.SCORING, weights={"price": 40, "credit": 20, "rating": 10, "plan": 30})
    a, b, c = scene.bids(job, [50000, 40000, 80000])
    client.force_login(scene.owner_user)
    bad = client.post(url(job, "scores/"), {f"score_{a.pk}": "120", f"score_{b.pk}": "70", f"score_{c.pk}": "60"})
    assert bad.status_code == 400
    client.post(url(job, "scores/"), {f"score_{a.pk}": "90", f"score_{b.pk}": "70", f"score_{c.pk}": "60"})
    assert client.get(url(job)).status_code == 200
    client.post(url(job, "scoring/"))
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY and job.winner_id is not None


# --- objections -------------------------------------------------------------------------------

def test_a_bidder_raises_an_objection_from_its_bid_with_a_file(drawn, client):
    client.force_login(drawn.loser.member)
    new = f"/workspace/jobs/{drawn.pk}/objections/new/?bid={drawn.loser.pk}"
    assert client.get(new).status_code == 200
    empty = client.post(new, {"reasons": ""})
    assert empty.status_code == 400 and "请填写异议理由" in empty.content.decode()
    upload = SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")
    response = client.post(new, {"reasons": "中选机构证书过期", "files": [upload]})
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workspace/objections/{objection.pk}/"
    attachment = objection.attachments.get()
    file_url = f"/workspace/objections/{objection.pk}/files/{attachment.pk}/"
    assert client.get(file_url)["Content-Type"] == "application/pdf"
    client.force_login(UserFactory())
    assert client.get(file_url).status_code == 403


def test_another_agency_cannot_use_someone_elses_bid_to_object(drawn, client):
    other = next(bid for bid in drawn.bids_made if bid.pk != drawn.loser.pk)
    client.force_login(other.member)
    assert client.get(f"/workspace/jobs/{drawn.pk}/objections/new/?bid={drawn.loser.pk}").status_code == 403


def test_the_owner_answers_on_the_objection_page_and_the_bidder_escalates(drawn, client):
    objection = objection_raise(actor=drawn.loser.member, job=drawn, bid=drawn.loser, reasons="证书过期")
    page = f"/workspace/objections/{objection.pk}/"
    client.force_login(UserFactory())
    assert client.get(page).status_code == 403
    client.force_login(drawn.owner_user)
    assert "答复异议" in client.get(page).content.decode()
    client.post(page + "answer/", {"answer": "证书有效"})
    client.force_login(drawn.loser.member)
    assert "投诉至监管部门" in client.get(page).content.decode()
    client.post(page + "escalate/", {"reasons": "答复不实"})
    objection.refresh_from_db()
    assert objection.status == Objection.Status.ESCALATED


# --- the regulator ----------------------------------------------------------------------------

def test_the_regulator_of_the_category_lists_and_decides(drawn, client):
    objection = escalated(drawn)
    regulator = RegulatorFactory(categories=[drawn.item.category])
    client.force_login(regulator.user)
    listing = client.get("/regulator/jobs/complaints/").content.decode()
    assert drawn.title in listing
    detail = f"/regulator/jobs/complaints/{objection.pk}/"
    missing = client.post(detail, {"upheld": "yes", "decision": ""})
    assert missing.status_code == 400 and "请填写处理决定" in missing.content.decode()
    client.post(detail, {"upheld": "yes", "decision": "中选机构证书过期", "invalidate": [drawn.winner_id]})
    drawn.refresh_from_db()
    assert drawn.status == Job.Status.CLOSED


def test_a_regulator_of_another_category_gets_403_and_sees_nothing_in_the_list(drawn, client):
    objection = escalated(drawn)
    client.force_login(RegulatorFactory().user)
    assert drawn.title not in client.get("/regulator/jobs/complaints/").content.decode()
    assert client.get(f"/regulator/jobs/complaints/{objection.pk}/").status_code == 403
    assert client.post(f"/regulator/jobs/complaints/{objection.pk}/",
                       {"upheld": "yes", "decision": "成立"}).status_code == 403
    client.force_login(drawn.owner_user)
    assert client.get("/regulator/jobs/complaints/").status_code == 403
