"""The home page's live figures: agencies listed, jobs open for bids, this year's jobs, the
average saving against budget and the average service time against the statutory limit — from
the marketplace and the statistics summary, never typed by an editor."""
import re

import pytest
from django.utils import timezone

from bidding.models import Job
from oversight.models import StatsMonth
from tests.factories import AgencyFactory, JobFactory, RegionFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


def figures(client):
    html = re.sub(r"\s+", " ", client.get("/").content.decode())
    return dict((label, number) for number, label in
                re.findall(r"<li><strong>([^<]*)</strong><span>([^<]*)</span></li>", html))


def test_the_home_page_shows_the_platforms_live_figures(client, home):
    item, region = ServiceItemFactory(), RegionFactory()
    AgencyFactory.create_batch(2)
    JobFactory(item=item)                                  # open for bids
    JobFactory(item=item, status=Job.Status.COMPLETED)     # done
    StatsMonth.objects.create(
        item=item, region=region, month=timezone.localdate().replace(day=1), jobs_published=7, jobs_awarded=4,
        budget_fen=10_000_000, budget_awarded_fen=8_500_000, completed=4, service_days=72, statutory_days=120,
        refreshed_at=timezone.now())
    shown = figures(client)
    assert shown["正在报名的项目"] == "1"
    assert shown[f"{timezone.localdate().year} 年发布的项目"] == "7"
    assert shown["成交价较预算平均节约"] == "15.0%"
    assert shown["平均服务用时（法定时限 30.0 天）"] == "18.0 天"
    assert int(shown["入驻中介机构"]) >= 2


def test_without_statistics_yet_the_figures_say_so_rather_than_zero(client, home):
    shown = figures(client)
    assert shown["成交价较预算平均节约"] == "—" and shown["平均服务用时"] == "—"
