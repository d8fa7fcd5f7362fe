"""What a receipt says: the winner's reads 中选, not 有效; the random-value note appears only
where a draw can happen (random draw; ties under lowest price and scoring), never for direct
selection; the submission notice says the same."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bidding.models import Bid, Job
from bidding.services.bids import bid_submit
from core.models import Notice
from tests.factories import BidFactory, JobFactory, MembershipFactory

from .conftest import bid_data

pytestmark = pytest.mark.django_db
NOTE = "您的随机值将参与公开抽取"


def receipt(client, bid, user):
    client.force_login(user)
    response = client.get(reverse("bidding:bid_receipt", args=[bid.pk]) + f"?org={bid.agency_id}")
    assert response.status_code == 200
    return response.content.decode()


def status_badge(html):
    return html.split('<span class="badge">', 2)[1].split("</span>", 1)[0]


def test_the_winning_bid_reads_selected_and_the_others_valid(client):
    now = timezone.now()
    job = JobFactory(status=Job.Status.PUBLICITY, closes_at=now - datetime.timedelta(days=3),
                     closed_at=now - datetime.timedelta(days=3), publicity_ends_at=now + datetime.timedelta(days=2))
    winner, loser = (BidFactory(job=job, status=Bid.Status.VALID, rank=rank) for rank in (1, 2))
    job.winner = winner
    job.save(update_fields=["winner"])
    winner_html = receipt(client, winner, MembershipFactory(organisation=winner.agency).user)
    loser_html = receipt(client, loser, MembershipFactory(organisation=loser.agency).user)
    assert status_badge(winner_html) == "中选"
    assert status_badge(loser_html) == "有效"


@pytest.mark.parametrize("method, shown", [
    (Job.Method.RANDOM, "您的随机值将参与公开抽取"),
    (Job.Method.LOWEST_PRICE, "报价相同需要排序时，您的随机值将参与公开抽取"),
    (Job.Method.SCORING, "综合得分相同需要排序时，您的随机值将参与公开抽取"),
    (Job.Method.DIRECT, None),
])
def test_the_random_value_note_only_where_a_draw_can_happen(client, member, agency, item, method, shown):
    job = JobFactory(item=item, selection_method=method, closes_at=timezone.now() + datetime.timedelta(days=5),
                     weights={"price": 40, "credit": 20, "rating": 10, "plan": 30} if method == "scoring" else {})
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    html = receipt(client, bid, member)
    notice = Notice.objects.get(user=member, title__contains=bid.receipt_number).body
    assert bid.random_value in html and bid.random_value in notice
    if shown:
        assert shown in html and shown in notice
    else:
        assert NOTE not in html and NOTE not in notice
        assert "公共随机数" not in html
