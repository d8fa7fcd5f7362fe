"""Regulator pages for collusion signs and other red flags (/regulator/jobs/flags/).

Every view starts with `regulator_for(request.user)`: 403 for anyone but an active regulator
(anonymous visitors included), so these flags never reach the public or the bidders."""
import datetime

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.selectors.regulators import regulator_for
from providers.standing_rules import agencies_sharing_a_barred_representative

from ..selectors.flags import counted_bids, flag_jobs, job_flags, opened_jobs, repeat_winners, zombie_agencies

PAGE_SIZE = 20
WINDOWS = [(30, _("近30天")), (90, _("近90天")), (365, _("近12个月"))]
DEFAULT_WINDOW = 90


def _window(request):
    try:
        days = int(request.GET.get("days", DEFAULT_WINDOW))
    except ValueError:
        days = DEFAULT_WINDOW
    return days if days in dict(WINDOWS) else DEFAULT_WINDOW


def flags(request):
    regulator = regulator_for(request.user)
    days = _window(request)
    now = timezone.now()
    rows = flag_jobs(since=now - datetime.timedelta(days=days), now=now)
    return render(request, "bidding/regulator/flags.html", {
        "regulator": regulator,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "days": days,
        "windows": WINDOWS,
        "query_string": f"days={days}",
        "repeat_winners": repeat_winners(now=now),
        "representative_links": agencies_sharing_a_barred_representative(now),
    })


def job_detail(request, job_id):
    regulator = regulator_for(request.user)
    job = get_object_or_404(opened_jobs(), pk=job_id)
    bids = list(counted_bids(job.bids.all()))
    job.counted_bids = bids
    return render(request, "bidding/regulator/flags_job.html", {
        "regulator": regulator,
        "job": job,
        "bids": bids,
        "flags": job_flags(job),
    })


def zombies(request):
    regulator = regulator_for(request.user)
    return render(request, "bidding/regulator/flags_zombies.html", {
        "regulator": regulator,
        "page": Paginator(zombie_agencies(), PAGE_SIZE).get_page(request.GET.get("page")),
        "query_string": "",
    })
