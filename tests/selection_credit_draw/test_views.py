"""The owner runs a credit-merit draw through the site: the page shows the ranking by credit and
the cut, one button draws the short list, then the owner picks one with a reason; a refused pick
keeps the input and says why; the pages read a fixed number of queries."""
import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bidding.models import Bid, Job
from bidding.services.credit_draw import shortlist_draw

CD = Job.Method.CREDIT_DRAW
DEFAULT = {"cut_percent": 20, "shortlist_size": 3, "min_bidders": 5}


def bids_with_credits(scene, job, credits):
    start = timezone.now() - datetime.timedelta(days=1)
    return [scene.bid(job, credit_at_close=Decimal(credit), submitted_at=start + datetime.timedelta(minutes=index))
            for index, credit in enumerate(credits)]


def test_the_owner_draws_the_short_list_and_picks_with_a_reason(client, scene):
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80, 70])
    client.force_login(scene.owner_user)
    html = client.get(reverse("bidding:selection", args=[job.pk])).content.decode()
    assert "淘汰（信用分低于淘汰线）" in html and "抽取入围机构" in html
    assert "有效报名 6 家，按比例淘汰至多 1 家，实际淘汰 1 家" in html

    response = client.post(reverse("bidding:selection_shortlist_draw", args=[job.pk]), follow=True)
    html = response.content.decode()
    assert "入围机构已抽取" in html and "从入围机构中选定" in html
    shortlisted = list(Bid.objects.filter(job=job, shortlisted=True))
    assert len(shortlisted) == 3

    # A pick without a reason: refused, the choice kept, nothing changed.
    select = reverse("bidding:selection_shortlist_select", args=[job.pk])
    response = client.post(select, {"bid": shortlisted[0].pk, "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请写明从入围机构中选定该机构的理由" in html
    kept = BeautifulSoup(html, "html.parser").select_one(f'input[name="bid"][value="{shortlisted[0].pk}"]')
    assert kept.has_attr("checked")
    # A bid that is not on the short list is not offered, and is refused.
    outside = next(bid for bid in bids if bid.pk not in {b.pk for b in shortlisted})
    response = client.post(select, {"bid": outside.pk, "reason": "信用好"})
    assert response.status_code == 400 and "只能从随机抽取的入围机构中选定中选机构" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and job.winner is None

    response = client.post(select, {"bid": shortlisted[1].pk, "reason": "方案最切合本项目"}, follow=True)
    assert "已确定中选机构" in response.content.decode()
    job.refresh_from_db()
    assert job.winner_id == shortlisted[1].pk and "方案最切合本项目" in job.selection_reason


def test_picking_before_the_draw_says_the_short_list_is_not_drawn_yet(client, scene):
    job = scene.job(CD, DEFAULT)
    bids = bids_with_credits(scene, job, [95, 90, 88, 85, 80])
    client.force_login(scene.owner_user)
    response = client.post(reverse("bidding:selection_shortlist_select", args=[job.pk]),
                           {"bid": bids[0].pk, "reason": "信用最好"}, follow=True)
    assert "尚未抽取入围名单" in response.content.decode()
    job.refresh_from_db()
    assert job.winner is None


@pytest.mark.parametrize("path", ["owner", "public"])
def test_the_pages_read_the_same_number_of_queries_for_5_and_15_bids(client, home, scene, path):
    counts = []
    for n in (5, 15):
        job = scene.job(CD, DEFAULT)
        bids_with_credits(scene, job, [100 - index for index in range(n)])
        shortlist_draw(actor=scene.owner_user, job=job)
        if path == "public":
            target = f"/notices/{job.pk}/"
        else:
            client.force_login(scene.owner_user)
            target = reverse("bidding:selection", args=[job.pk])
        client.get(target)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
