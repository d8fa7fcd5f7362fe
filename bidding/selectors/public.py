"""What the public may read about jobs: announcements, results and the draw proof.

The public site (cms NoticesIndexPage) and `manage.py verify_draw` read jobs only through
here. Drafts are never public. Bids are sealed until the close: before it, nothing about them
(not their number either) leaves this module; `public_result` returns None.
"""
from dataclasses import dataclass, field

from django.db.models import DateTimeField, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.db import AnyOf
from core.text import enumeration, label
from marketplace.models import ServiceItem
from providers.models import Organisation
from providers.selectors import region_prefix

from .. import draw as draw_algorithm
from .. import states
from ..method_params import k_texts, params_of
from ..models import Bid, Draw, DrawBeacon, Job, JobAttachment, Objection
from .selection import with_objections_open

S = Job.Status

# Statuses in which a winner has been chosen and not set aside (an upheld objection sends the
# job back to CLOSED, where the earlier winner no longer stands).
WINNER_STATUSES = {
    S.SELECTED, S.PUBLICITY, S.AWARDED, S.CONTRACTED, S.IN_SERVICE, S.DELIVERED, S.ACCEPTED,
    S.COMPLETED, S.TERMINATED,
}
PUBLIC_STATUS_CHOICES = [(value, label) for value, label in S.choices if value != S.DRAFT]


# What a list row of notices shows (cms notices_index_page.html, the home page) and what its
# shown status and winner need (shown_status, public_winner, states.next_change): nothing else
# of the job is read, its description and draw seed included.
LIST_FIELDS = (
    "title", "status", "selection_method", "published_at", "closes_at", "closed_at", "publicity_ends_at",
    "owner", "owner__name", "owner__region", "owner__region__code", "owner__region__name",
    "owner__region__full_name", "item", "item__code", "item__name", "winner", "winner__agency",
    "winner__agency__name", "winner__agency__uscc",
)


def public_jobs(*, query=None, item_code=None, region_code=None, status=None, method=None):
    """Published and later jobs, newest first (-published_at, -pk), with what a list row shows
    already joined and nothing more.

    Built to stay fast with a million jobs: each filter is one an index in that order serves
    (bidding's migration 0009 builds them; tests/cms/test_list_plans.py checks the plans): the
    item by its id (looked up first, so the index on (item, published_at) gives the order), the
    status, the owner's region by code prefix, the keyword through trigram indexes on the title,
    the project code and the owner's name."""
    jobs = with_objections_open(
        Job.objects.exclude(status=S.DRAFT)
        .select_related("owner__region", "item", "winner__agency")
        .only(*LIST_FIELDS)
    )
    if item_code:
        jobs = jobs.filter(item_id=Subquery(ServiceItem.objects.filter(code=item_code).values("pk")[:1]))
    prefix = region_prefix(region_code)
    if prefix:
        jobs = jobs.filter(owner__region__code__startswith=prefix)
    if status:
        jobs = jobs.filter(status=status)
    if method:
        jobs = jobs.filter(selection_method=method)
    if query:
        return _with_keyword(jobs, query)
    return jobs.order_by("-published_at", "-pk")


# A keyword matching at most this many jobs is looked up first and the list reads those rows by
# id; one matching more is a condition on the list read in its order.
FEW_MATCHES = 10_000


def _with_keyword(jobs, query):
    """`jobs` whose title, project code or owner's name contains `query`.

    Matches are found through the trigram indexes; but for a short page in published order the
    planner would rather walk that order and filter, assuming matches are spread evenly: fast
    when they are many, a walk through most of a million rows when they are few and old (a
    project code of an earlier year). So the matching ids are looked up first (one query, in no
    order, stopping after FEW_MATCHES + 1). When they are few, the list reads just those rows and
    sorts them: it is ordered by `notice_order`, the publication time as an expression no index
    has, so no plan can walk the index instead. When they are many, they are dense enough for
    the walk in order."""
    owners = Organisation.objects.filter(kind=Organisation.Kind.OWNER, name__icontains=query).values("pk")
    condition = Q(title__icontains=query) | Q(project_code__icontains=query) | Q(AnyOf("owner_id", owners))
    matching = Job.objects.exclude(status=S.DRAFT).filter(condition).order_by().values_list("pk", flat=True)
    ids = list(matching[: FEW_MATCHES + 1])
    if len(ids) > FEW_MATCHES:
        return jobs.filter(condition).order_by("-published_at", "-pk")
    notice_order = Coalesce("published_at", "published_at", output_field=DateTimeField())
    return jobs.filter(pk__in=ids).annotate(notice_order=notice_order).order_by("-notice_order", "-pk")


def shown_status(job, now=None):
    """The label of the status a reader should see (bidding.states.shown_status): what the clock
    implies, without waiting for the scheduled command. `objections_open` is annotated on jobs
    by the selectors below."""
    now = now or timezone.now()
    return label(S, states.shown_status(job, now, objections_open=getattr(job, "objections_open", None)))


def close_pending(job, now=None):
    """The window has passed and the bids are about to be judged (and then published)."""
    return states.close_due(job, now or timezone.now())


def public_winner(job):
    return job.winner if job.winner_id and job.status in WINNER_STATUSES else None


def label_rows(jobs, now=None):
    """Attach the shown status, the selection method's label and the standing winner to each
    job of a list page."""
    now = now or timezone.now()
    for job in jobs:
        job.shown_status = shown_status(job, now)
        job.method_label = label(Job.Method, job.selection_method)
        job.public_winner = public_winner(job)
    return jobs


WEIGHT_LABELS = {
    "price": gettext_lazy("价格"), "credit": gettext_lazy("信用分"),
    "rating": gettext_lazy("历史评价"), "plan": gettext_lazy("服务方案"),
}


def weight_rows(job):
    """The scoring weights published with the announcement, as (label, weight) rows."""
    if job.selection_method != Job.Method.SCORING:
        return []
    weights = job.weights or {}
    return [(label, weights.get(key, 0)) for key, label in WEIGHT_LABELS.items()]


def public_job(job_id):
    """A published (or later) job with everything its announcement shows; 404 for drafts."""
    jobs = with_objections_open(
        Job.objects.exclude(status=S.DRAFT)
        .select_related(
            "owner__region", "item__category", "item__approving_department__region", "item__fee_rule",
            "winner__agency", "reannounced_from",
        )
        .prefetch_related("required_qualifications", "avoidances__agency", "attachments")
    )
    try:
        return jobs.get(pk=job_id)
    except Job.DoesNotExist:
        raise Http404 from None


def public_job_attachment(job_id, attachment_id):
    """An attachment of a published (or later) job: public, as the announcement's form promises
    the owner. 404 for a draft's attachment, as for one that does not exist."""
    attachment = (
        JobAttachment.objects.select_related("job")
        .filter(pk=attachment_id, job_id=job_id).exclude(job__status=S.DRAFT).first()
    )
    if attachment is None:
        raise Http404
    return attachment


@dataclass
class DrawProof:
    """One draw as stored, and the same draw recomputed from its seed, beacon value and values
    by the recipe of its version (bidding.draw)."""

    draw: Draw
    version: int
    prefix: str  # the recipe's first part, e.g. "zjcs-draw-v2"
    seed: str
    commitment: str
    seed_hash: str
    beacon: str  # the public beacon value the draw took ("" for version 1)
    beacon_info: DrawBeacon | None  # where the beacon value comes from (version 2)
    values: list  # the published order
    pool: str
    ranking: list  # the stored ranking, winner first
    entries: list  # [(value, key, bid or None, position in ranking)] in the published order
    ranked: list  # [(position, value, key, bid or None)] in ranking order
    commitment_ok: bool
    pool_ok: bool
    ranking_ok: bool
    recomputed_pool: str
    recomputed_ranking: list
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return self.commitment_ok and self.pool_ok and self.ranking_ok and not self.problems

    @property
    def winner_value(self):
        return self.ranking[0] if self.ranking else None


def draw_proofs(job, bids_by_value=None):
    """Every draw of `job`, oldest first, each recomputed with bidding.draw."""
    if bids_by_value is None:
        bids = Bid.objects.filter(job=job).exclude(status=Bid.Status.WITHDRAWN).select_related("agency")
        bids_by_value = {bid.random_value: bid for bid in bids}
    draws = list(Draw.objects.filter(job=job).order_by("performed_at", "pk"))
    beacons = ({beacon.stage: beacon for beacon in DrawBeacon.objects.filter(job=job)}
               if any(item.version >= 2 for item in draws) else {})
    candidates = {}
    if any(item.purpose == Draw.Purpose.INVITATION for item in draws):
        from .quote import invitation_candidates  # the quote comparison's invitation draw

        candidates = invitation_candidates(job, beacons.get(DrawBeacon.Stage.INVITATION))
    proofs = []
    for item in draws:
        if item.purpose == Draw.Purpose.INVITATION:
            proofs.append(_proof(job, item, candidates, beacons.get(DrawBeacon.Stage.INVITATION)))
        elif item.purpose == Draw.Purpose.COEFFICIENT:  # best price: its entries are the published K set
            k_set = dict.fromkeys(k_texts(params_of(job)))
            proofs.append(_proof(job, item, k_set, beacons.get(DrawBeacon.Stage.CLOSE)))
        else:
            proofs.append(_proof(job, item, bids_by_value, beacons.get(DrawBeacon.Stage.CLOSE)))
    return proofs


def open_draw_proofs(job):
    """The draws made while a job takes bids (a quote comparison's invitation draw), public at
    once; no bid is read (they stay sealed)."""
    if not Draw.objects.filter(job=job, purpose=Draw.Purpose.INVITATION).exists():
        return []
    return [proof for proof in draw_proofs(job, {}) if proof.draw.purpose == Draw.Purpose.INVITATION]


def _beacon_problems(job, item, beacon):
    """A version 2 draw must take the job's fixed beacon value, fixed after the close (the
    invitation draw: after the candidates' list was fixed)."""
    if item.version < 2:
        return []
    if beacon is None or not beacon.fixed_at or beacon.value != item.beacon:
        return [_("抽取使用的公共随机数与本项目公布的公共随机数不一致。")]
    produced = beacon.round_time if beacon.source == DrawBeacon.Source.DRAND else beacon.entered_at
    if beacon.stage == DrawBeacon.Stage.INVITATION:
        if produced is None or beacon.requested_at is None or produced <= beacon.requested_at:
            return [_("公共随机数不是在候选名单确定之后确定的。")]
        return []
    if job.closes_at and (produced is None or produced <= job.closes_at):
        return [_("公共随机数不是在报名截止之后确定的。")]
    return []


def _proof(job, item, bids_by_value, beacon=None):
    values = list(item.values or [])
    ranking = list(item.ranking or [])
    problems = []
    try:
        result = draw_algorithm.run(item.seed, values, beacon=item.beacon or None, version=item.version)
        recomputed_pool, recomputed_ranking, keys = result.pool, result.ranking, result.keys
    except ValueError:  # duplicated or missing values, a missing beacon: the stored draw is broken
        recomputed_pool, recomputed_ranking, keys = "", [], {}
        problems.append(_("无法按公布的算法重算：随机值重复或缺失，或缺少公共随机数。"))
    if values != sorted(values):
        problems.append(_("存储的随机值未按公布顺序（文本升序）排列。"))
    unknown = [value for value in values if value not in bids_by_value]
    if unknown and item.purpose == Draw.Purpose.COEFFICIENT:
        problems.append(_("以下数值不在公告公布的下浮系数 K 备选值中：%(values)s") % {"values": enumeration(unknown)})
    elif unknown and item.purpose == Draw.Purpose.INVITATION:
        problems.append(_("以下编码不在本项目确定的候选名单中：%(values)s") % {"values": enumeration(unknown)})
    elif unknown:
        problems.append(_("以下随机值不属于本项目的任何报名：%(values)s") % {"values": enumeration(unknown)})
    problems += _beacon_problems(job, item, beacon)
    position = {value: index + 1 for index, value in enumerate(ranking)}
    return DrawProof(
        draw=item,
        version=item.version,
        prefix=draw_algorithm.PREFIXES.get(item.version, ""),
        seed=item.seed,
        commitment=job.draw_commitment,
        seed_hash=draw_algorithm.commitment(item.seed),
        beacon=item.beacon,
        beacon_info=beacon if item.version >= 2 else None,
        values=values,
        pool=item.pool,
        ranking=ranking,
        entries=[(v, keys.get(v, ""), bids_by_value.get(v), position.get(v)) for v in values],
        ranked=[(i + 1, v, keys.get(v, ""), bids_by_value.get(v)) for i, v in enumerate(ranking)],
        commitment_ok=draw_algorithm.seed_matches(item.seed, job.draw_commitment or ""),
        pool_ok=bool(recomputed_pool) and recomputed_pool == item.pool,
        ranking_ok=bool(recomputed_ranking) and recomputed_ranking == ranking,
        recomputed_pool=recomputed_pool,
        recomputed_ranking=recomputed_ranking,
        problems=problems,
    )


@dataclass
class PublicResult:
    valid_bids: list
    invalid_bids: list
    winner: Bid | None
    proofs: list
    objections: list
    # The method's own computation (best price, credit-merit draw, auction, quote comparison)
    # and the template that shows it (selectors/<method>.py).
    computation: object = None
    computation_template: str = ""


def public_result(job):
    """The result of a job past its close, or None while its bids are sealed.

    Bids: the valid ones in rank order (then by price), then the invalid ones with their reason.
    Objections: their outcome, dates and the regulator's published decision on a complaint; the
    bidders' reasons and the owner's answers stay private.
    """
    if states.bids_sealed(job):
        return None
    bids = list(
        Bid.objects.filter(job=job, status__in=[Bid.Status.VALID, Bid.Status.INVALID])
        .select_related("agency__region")
        .order_by("rank", "price", "discount_rate", "submitted_at", "pk")
    )
    valid = [bid for bid in bids if bid.status == Bid.Status.VALID]
    # Nulls sort last in Python the way an unranked bid should.
    valid.sort(key=lambda bid: (bid.rank is None, bid.rank or 0))
    objections = list(
        Objection.objects.filter(job=job)
        .only("id", "job_id", "status", "raised_at", "answered_at", "escalated_at", "decided_at", "decision")
        .order_by("raised_at", "pk")
    )
    return PublicResult(
        valid_bids=valid,
        invalid_bids=[bid for bid in bids if bid.status == Bid.Status.INVALID],
        winner=public_winner(job),
        proofs=draw_proofs(job, {bid.random_value: bid for bid in bids}),
        objections=objections,
        **_method_computation(job, bids),
    )


def _method_computation(job, bids):
    # Imported here: the methods' selectors may read this module's public helpers.
    from . import auction, best_price, credit_draw, quote

    part = {Job.Method.BEST_PRICE: best_price, Job.Method.CREDIT_DRAW: credit_draw, Job.Method.AUCTION: auction,
            Job.Method.QUOTE: quote}.get(job.selection_method)
    if part is None:
        return {}
    return {"computation": part.public_computation(job, bids), "computation_template": part.PUBLIC_TEMPLATE}

