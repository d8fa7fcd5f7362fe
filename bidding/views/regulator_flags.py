"""Regulator pages for collusion signs and other red flags (/regulator/jobs/flags/).

Every view starts with `regulator_for(request.user)`: 403 for anyone but an active regulator
(anonymous visitors included), so these flags never reach the public or the bidders; each shows
only what the regulator's department supervises (marketplace.selectors.scope)."""
import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.selectors.regulators import regulator_for
from marketplace.selectors.scope import scope_of
from providers.selectors.queues import agencies_in_scope
from providers.standing_rules import agencies_sharing_a_barred_representative

from ..selectors.flags import counted_bids, flag_jobs, job_flags, opened_jobs, repeat_winners
from ..selectors.queues import zombies_in_scope

PAGE_SIZE = 20
WINDOWS = [(30, _("近30天")), (90, _("近90天")), (365, _("近12个月"))]
DEFAULT_WINDOW = 90


def _window(request):
    try:
        days = int(request.GET.get("days", DEFAULT_WINDOW))
    except ValueError:
        days = DEFAULT_WINDOW
    return days if days in dict(WINDOWS) else DEFAULT_WINDOW


KINDS = [("collusion", _("围标串标迹象")), ("other", _("其他异常"))]


def _kind(request):
    kind = request.GET.get("kind", "")
    return kind if kind in dict(KINDS) else ""


def _covers_job(scope, job):
    return scope.covers(category_id=job.item.category_id, region_code=job.owner.region_id)


def flags(request):
    """The flagged jobs within the regulator's scope (what the department supervises), filtered
    by the close's window and the kind of flag; the repeat winners and the representative links
    of the same scope."""
    regulator = regulator_for(request.user)
    scope = scope_of(regulator)
    days = _window(request)
    kind = _kind(request)
    now = timezone.now()
    rows = flag_jobs(since=now - datetime.timedelta(days=days), now=now, scope=scope)
    if kind:
        rows = [(job, job_flags) for job, job_flags in rows
                if any(flag.is_collusion == (kind == "collusion") for flag in job_flags)]
    in_scope = set(agencies_in_scope(scope).values_list("pk", flat=True))
    return render(request, "bidding/regulator/flags.html", {
        "regulator": regulator,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "days": days,
        "windows": WINDOWS,
        "kind": kind,
        "kinds": KINDS,
        "query_string": f"days={days}&kind={kind}",
        "repeat_winners": [row for row in repeat_winners(now=now)
                           if any(_covers_job(scope, job) for job in row.jobs)],
        "representative_links": [link for link in agencies_sharing_a_barred_representative(now)
                                 if link.agency.pk in in_scope],
    })


def job_detail(request, job_id):
    regulator = regulator_for(request.user)
    job = get_object_or_404(opened_jobs(), pk=job_id)
    if not _covers_job(scope_of(regulator), job):
        raise PermissionDenied
    bids = list(counted_bids(job.bids.all()))
    job.counted_bids = bids
    return render(request, "bidding/regulator/flags_job.html", {
        "regulator": regulator,
        "job": job,
        "bids": bids,
        "flags": job_flags(job),
    })


def zombies(request):
    """The zombie listings within the regulator's scope, filtered by name or USCC."""
    regulator = regulator_for(request.user)
    agencies = zombies_in_scope(scope_of(regulator)).select_related("region")
    query = request.GET.get("q", "").strip()[:60]
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(uscc=query.upper()))
    return render(request, "bidding/regulator/flags_zombies.html", {
        "regulator": regulator,
        "page": Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query,
        "query_string": urlencode({"q": query}) if query else "",
    })
