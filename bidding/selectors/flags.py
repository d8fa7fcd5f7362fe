"""Signs of collusion (围标串标) and other red flags, for regulators only.

Nothing here is shown to the public or to bidders: only the regulator pages in
bidding/views/regulator_flags.py call it, after fetching the regulator with `regulator_for`.
Flags are read from bids already opened: a job whose bids are still sealed has none.

Collusion signs among the counted (valid or invalid) bids of one job:
- bidders sharing a legal representative, a contact phone (compared by its digits), an
  e-mail domain or an address (compared without spaces and punctuation);
  e-mail domains of public mail services (PUBLIC_MAIL_DOMAINS) are ignored: thousands of
  unrelated small firms use qq.com or 163.com, so sharing one proves nothing;
- identical prices (or identical discount rates when the job asks for a discount);
- prices in an even arithmetic step: three or more bids whose prices, sorted, follow each
  other with the same difference;
- bids submitted from the same IP address.
Other red flags: a single valid bidder; a winning price at (or above) the ceiling; the job's
winner having won at least REPEAT_WINS times from the same owner within 12 months; a bidder whose
legal representative is also that of a suspended or blacklisted agency (providers.standing_rules, until
the credit issue's bans exist; the same matches are listed for every agency by
`providers.standing_rules.agencies_sharing_a_barred_representative`). Separate
lists: such repeat winners, and "zombie" listings — agencies registered for more than 12
months that have not bid once in the last 12 months.
"""
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import enumeration
from providers.selectors import agencies
from providers.standing_rules import barred_representatives, representative_links

from .. import states
from ..models import Bid, Job
from .public import WINNER_STATUSES, public_winner

S = Job.Status
YEAR = datetime.timedelta(days=365)
REPEAT_WINS = 3

PUBLIC_MAIL_DOMAINS = frozenset({
    "qq.com", "vip.qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "vip.163.com",
    "vip.126.com", "188.com", "sina.com", "sina.cn", "vip.sina.com", "sohu.com", "139.com",
    "189.cn", "wo.cn", "aliyun.com", "tom.com", "21cn.com", "gmail.com", "outlook.com",
    "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com", "proton.me",
    "protonmail.com",
})

KINDS = {
    "legal_representative": gettext_lazy("法定代表人相同"),
    "phone": gettext_lazy("联系电话相同"),
    "email_domain": gettext_lazy("邮箱域名相同"),
    "address": gettext_lazy("地址相同"),
    "same_price": gettext_lazy("报价相同"),
    "price_step": gettext_lazy("报价呈等差排列"),
    "same_ip": gettext_lazy("同一IP地址提交"),
    "single_bidder": gettext_lazy("仅一家有效报名"),
    "ceiling_win": gettext_lazy("中选价等于最高限价"),
    "repeat_winner": gettext_lazy("同一业主处反复中选"),
    "barred_representative": gettext_lazy("法定代表人与被暂停或列入黑名单的机构相同"),
}
COLLUSION = ("legal_representative", "phone", "email_domain", "address", "same_price", "price_step", "same_ip")


@dataclass
class Flag:
    kind: str
    evidence: str  # the shared value or the fact, in words
    bids: list = field(default_factory=list)

    @property
    def label(self):
        return KINDS[self.kind]

    @property
    def is_collusion(self):
        return self.kind in COLLUSION


# --- normalisers: two values that differ only in spelling count as the same ----------------

def _plain(text):
    return re.sub(r"[\s,.，。、;；:：()（）\-—#＃]+", "", (text or "")).lower()


def _phone(text):
    digits = re.sub(r"\D", "", text or "")
    return digits if len(digits) >= 7 else ""


def _email_domain(address):
    domain = (address or "").rpartition("@")[2].strip().lower()
    return "" if not domain or domain in PUBLIC_MAIL_DOMAINS else domain


SHARED_FIELDS = (
    ("legal_representative", lambda bid: _plain(bid.agency.legal_representative),
     lambda bid: bid.agency.legal_representative),
    ("phone", lambda bid: _phone(bid.agency.contact_phone), lambda bid: bid.agency.contact_phone),
    ("email_domain", lambda bid: _email_domain(bid.agency.contact_email),
     lambda bid: "@" + _email_domain(bid.agency.contact_email)),
    ("address", lambda bid: _plain(bid.agency.address), lambda bid: bid.agency.address),
    ("same_ip", lambda bid: bid.ip or "", lambda bid: bid.ip),
)


def _shared(kind, bids, key, shown):
    groups = defaultdict(list)
    for bid in bids:
        value = key(bid)
        if value:
            groups[value].append(bid)
    return [
        Flag(kind, str(shown(group[0])), group)
        for group in groups.values()
        if len({bid.agency_id for bid in group}) > 1
    ]


def _quote(job, bid):
    return bid.discount_rate if job.price_mode == Job.PriceMode.DISCOUNT else bid.price


def _quote_text(job, value):
    return f"{value}%" if job.price_mode == Job.PriceMode.DISCOUNT else _("%(v)s 元") % {"v": value}


def _price_flags(job, bids):
    by_price = defaultdict(list)
    for bid in bids:
        if _quote(job, bid) is not None:
            by_price[_quote(job, bid)].append(bid)
    flags = [
        Flag("same_price", _quote_text(job, price), group)
        for price, group in sorted(by_price.items()) if len(group) > 1
    ]
    for run in _arithmetic_runs(sorted(by_price)):
        step = run[1] - run[0]
        evidence = _("%(values)s，相邻相差 %(step)s") % {
            "values": enumeration(_quote_text(job, value) for value in run), "step": _quote_text(job, step)}
        flags.append(Flag("price_step", evidence, [bid for value in run for bid in by_price[value]]))
    return flags


def _arithmetic_runs(values):
    """Maximal runs of at least three consecutive sorted distinct values with one common step."""
    runs, start = [], 0
    while start + 2 < len(values):
        step = values[start + 1] - values[start]
        end = start + 2
        while end < len(values) and values[end] - values[end - 1] == step:
            end += 1
        if end - start >= 3:
            runs.append(values[start:end])
            start = end - 1  # the next run may begin where this one ends
        else:
            start += 1
    return runs


def job_flags(job, *, repeat_pairs=None, now=None, barred=None):
    """Every flag of one job, each with its evidence; none while its bids are sealed.

    `job.counted_bids` (from `flag_jobs`) is used when present, so a list runs no extra query;
    `barred` (providers.standing_rules.barred_representatives) likewise.
    """
    if states.bids_sealed(job):
        return []
    bids = getattr(job, "counted_bids", None)
    if bids is None:
        bids = list(counted_bids(Bid.objects.filter(job=job)))
    flags = []
    for kind, key, shown in SHARED_FIELDS:
        flags += _shared(kind, bids, key, shown)
    flags += _price_flags(job, bids)
    valid = [bid for bid in bids if bid.status == Bid.Status.VALID]
    if len(valid) == 1:
        flags.append(Flag("single_bidder", valid[0].agency.name, valid))
    winner = public_winner(job)
    if winner and job.price_mode == Job.PriceMode.AMOUNT and job.ceiling_price and winner.price is not None \
            and winner.price >= job.ceiling_price:
        flags.append(Flag("ceiling_win", _("中选价 %(p)s 元，最高限价 %(c)s 元") % {
            "p": winner.price, "c": job.ceiling_price}, [winner]))
    if winner:
        if repeat_pairs is None:
            repeat_pairs = {(r.owner.pk, r.agency.pk): r for r in repeat_winners(now=now)}
        repeat = repeat_pairs.get((job.owner_id, winner.agency_id))
        # Only a win inside the 12 months is part of the pattern.
        if repeat and any(won.pk == job.pk for won in repeat.jobs):
            flags.append(Flag("repeat_winner", _("12个月内在该业主处中选 %(n)s 次") % {"n": len(repeat.jobs)},
                              [winner]))
    flags += _barred_representative_flags(bids, now=now or timezone.now(), barred=barred)
    return flags


def _barred_representative_flags(bids, *, now, barred):
    barred = barred_representatives(now) if barred is None else barred
    return [
        Flag("barred_representative", link.evidence, [bid])
        for bid in bids
        for link in representative_links(bid.agency, now, barred=barred)
    ]


def counted_bids(bids):
    return (
        bids.filter(status__in=[Bid.Status.VALID, Bid.Status.INVALID])
        .select_related("agency")
        .order_by("price", "discount_rate", "pk")
    )


def opened_jobs():
    """Jobs whose bids have been opened (past the close), newest close first."""
    return (
        Job.objects.filter(states.unsealed_q())
        .select_related("owner", "item", "winner__agency")
        .order_by("-closes_at", "-pk")
    )


def flag_jobs(*, since=None, now=None, scope=None):
    """(job, flags) for every opened job that closed since `since` and has at least one flag;
    with a RegulatorScope (marketplace.selectors.scope), only the jobs within it.

    Four queries whatever the number of jobs: the jobs, their counted bids, the repeat winners,
    the barred agencies' legal representatives.
    """
    now = now or timezone.now()
    jobs = opened_jobs()
    if scope is not None:
        jobs = jobs.filter(scope.q(category="item__category", region="owner__region__code"))
    if since is not None:
        jobs = jobs.filter(closes_at__gte=since)
    jobs = jobs.prefetch_related(
        Prefetch("bids", queryset=counted_bids(Bid.objects.all()), to_attr="counted_bids")
    )
    repeat_pairs = {(r.owner.pk, r.agency.pk): r for r in repeat_winners(now=now)}
    barred = barred_representatives(now)
    rows = []
    for job in jobs:
        flags = job_flags(job, repeat_pairs=repeat_pairs, now=now, barred=barred)
        if flags:
            rows.append((job, flags))
    return rows


@dataclass
class RepeatWinner:
    owner: object
    agency: object
    jobs: list


def repeat_winners(*, now=None, threshold=REPEAT_WINS):
    """Owner–agency pairs where the agency won at least `threshold` jobs in the last 12 months."""
    now = now or timezone.now()
    since = now - YEAR
    won = (
        Job.objects.filter(status__in=WINNER_STATUSES, winner__isnull=False)
        .filter(Q(selected_at__gte=since) | Q(selected_at__isnull=True, closes_at__gte=since))
        .select_related("owner", "winner__agency", "item")
        .order_by("owner__name", "-selected_at", "-pk")
    )
    pairs = defaultdict(list)
    for job in won:
        pairs[(job.owner_id, job.winner.agency_id)].append(job)
    return [
        RepeatWinner(owner=jobs[0].owner, agency=jobs[0].winner.agency, jobs=jobs)
        for jobs in pairs.values() if len(jobs) >= threshold
    ]


def zombie_agencies(*, now=None):
    """Agencies registered more than 12 months ago that have not bid in the last 12 months.

    Newer agencies are left out: not having bid yet is no sign of a dormant listing.
    """
    now = now or timezone.now()
    since = now - YEAR
    recent_bids = Bid.objects.filter(agency=OuterRef("pk"), submitted_at__gte=since)
    return (
        agencies()
        .filter(created_at__lt=since)
        .filter(~Exists(recent_bids))
        .annotate(last_bid_at=Max("bids__submitted_at"))
        .order_by("created_at", "pk")
    )
