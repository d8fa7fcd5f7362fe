"""The owner runs a best-price selection through the site: the page previews the mean and the
reference each K would give, one button draws K and selects, a refusal says why and changes
nothing; the pages read a fixed number of queries whatever the number of bids."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bidding.models import Draw, Job
from tests.factories import UserFactory

BP = Job.Method.BEST_PRICE
K_SET = {"k_set": ["95", "96", "97", "98"]}


def page(client, job):
    return client.get(reverse("bidding:selection", args=[job.pk]))


def test_the_owner_sees_the_mean_left_out_bids_and_each_k_reference_then_selects(client, scene):
    job = scene.job(BP, K_SET, k="95")
    scene.bids(job, [50000, 60000, 62000, 64000, 80000])
    client.force_login(scene.owner_user)
    html = page(client, job).content.decode()
    assert "均价比选" in html and "去掉（最高价）" in html and "去掉（最低价）" in html
    assert 'data-mean="62000.00"' in html
    assert "K = 95%：58900.00" in html and "K = 98%：60760.00" in html
    assert "抽取 K 并确定中选机构" in html

    response = client.post(reverse("bidding:selection_best_price", args=[job.pk]), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已确定中选机构" in html and "参考价 58900.00 元" in html
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLICITY


def test_without_the_beacon_value_the_page_says_what_the_draw_waits_for_and_nothing_changes(client, scene):
    job = scene.job(BP, K_SET, beacon=False)
    scene.bids(job, [60000, 61000, 62000])
    client.force_login(scene.owner_user)
    assert "通知监管人员录入公共随机数" in page(client, job).content.decode()
    response = client.post(reverse("bidding:selection_best_price", args=[job.pk]), follow=True)
    assert "等待公共随机数" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED and not Draw.objects.filter(job=job).exists()


def test_someone_else_cannot_even_see_the_page(client, scene):
    job = scene.job(BP, K_SET)
    scene.bids(job, [60000, 61000, 62000])
    client.force_login(UserFactory())
    assert page(client, job).status_code == 404
    assert client.post(reverse("bidding:selection_best_price", args=[job.pk])).status_code == 404
    assert not Draw.objects.filter(job=job).exists()


@pytest.mark.parametrize("path", ["owner", "public"])
def test_the_pages_read_the_same_number_of_queries_for_5_and_15_bids(client, home, scene, path):
    counts = []
    for n in (5, 15):
        job = scene.job(BP, K_SET, k="96")
        scene.bids(job, [60000 + 1000 * index for index in range(n)])
        if path == "public":
            from bidding.services.best_price import select_best_price

            select_best_price(actor=scene.owner_user, job=job)
            target = f"/notices/{job.pk}/"
        else:
            client.force_login(scene.owner_user)
            target = reverse("bidding:selection", args=[job.pk])
        client.get(target)  # warm caches (site, page tree)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
