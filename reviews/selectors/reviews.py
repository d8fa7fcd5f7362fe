"""Reads of the two sides' reviews for their pages, each with a fixed number of queries whatever
the number of rows. Blindness is applied here, by reviews.rules (review_shown, shown_q): a side
always reads its own review; the other side's, and every review the public reads, only once shown.
Selectors never write and never import services."""
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404

from contracts.models import Contract
from contracts.selectors.contracts import contract_for_party
from marketplace.selectors.regulators import regulator_for
from marketplace.selectors.scope import scope_of
from providers.access import member_q
from providers.models import Organisation

from .. import rules
from ..credit.rulesets import current_rules
from ..models import Review, ReviewAppeal
from .queues import APPEAL_PATHS

D = Review.Direction
HISTORY_SIZE = 50


def _appeal(review):
    """The review's appeal, or None (select_related("appeal") fetched it with the review)."""
    if review is None:
        return None
    try:
        return review.appeal
    except ReviewAppeal.DoesNotExist:
        return None


@dataclass
class ShownReview:
    """A review as a page shows it: its scores with their labels, and its appeal (the regulator's
    decision and its reason are public once decided)."""

    review: Review
    scores: list                       # [(label, score)]
    appeal: ReviewAppeal | None = None

    @property
    def voided(self):
        return self.review.status == Review.Status.VOIDED

    @property
    def decided_appeal(self):
        """The appeal once a regulator decided it (its reason is published), else None."""
        if self.appeal is not None and self.appeal.status != ReviewAppeal.Status.OPEN:
            return self.appeal
        return None


def shown(review):
    return ShownReview(review=review, scores=rules.score_rows(review), appeal=_appeal(review))


# --- one contract, as a party sees it ---------------------------------------------------------------

@dataclass
class ContractReviews:
    """A contract's reviews as one of its parties may see them. `other` is the other side's
    review only once shown (None while blind, even when `other_in`)."""

    contract: Contract
    side: str
    window: tuple | None               # (opens, closes) or None before the deliverables were all filed
    window_open: bool
    window_closed: bool
    own: ShownReview | None
    own_shown: bool                    # the other side and the public see the viewer's own review
    other: ShownReview | None
    other_in: bool                     # the other side has written its review (its content may be blind)
    dimensions: list = field(default_factory=list)   # [(name, label)] of the viewer's side's review


def contract_for_reviewer(contract_id, user):
    """The contract, for a member of one of its parties; 404 otherwise (as for no contract)."""
    return contract_for_party(contract_id, user)


def contract_reviews(contract, user, now, credit_rules=None):
    """The contract's reviews as `user` (a member of one of its parties) may see them."""
    credit_rules = credit_rules or current_rules()
    side = rules.side_of(user, contract)
    if side is None:
        raise Http404
    reviews = {review.direction: review for review in
               Review.objects.filter(contract=contract).select_related("appeal", "submitted_by")}
    for review in reviews.values():
        review.contract = contract
    own_direction = rules.direction_of(side)
    own, other = reviews.get(own_direction), reviews.get(rules.other_direction(own_direction))
    other_shown = other is not None and rules.review_shown(other, own, now, credit_rules)
    return ContractReviews(
        contract=contract, side=side, window=rules.window(contract, credit_rules),
        window_open=rules.window_open(contract, now, credit_rules),
        window_closed=rules.window_closed(contract, now, credit_rules),
        own=shown(own) if own else None,
        own_shown=own is not None and rules.review_shown(own, other, now, credit_rules),
        other=shown(other) if other_shown and rules.visible_to(other, side, other_shown) else None,
        other_in=other is not None,
        dimensions=[(name, rules.DIMENSION_LABELS[name]) for name in rules.dimensions(own_direction)],
    )


# --- the public ---------------------------------------------------------------------------------------

def shown_reviews_of(organisation, now, credit_rules=None):
    """The reviews of `organisation` (it is the rated side) the public may read: shown ones only
    (both sides' reviews in, or the window closed), counted or voided, newest first; each with its
    contract, job, reviewer and appeal (`shown(review)` gives the labelled scores and the
    published decision). A queryset: page through it."""
    return (Review.objects.filter(rated=organisation).filter(rules.shown_q(now, credit_rules))
            .select_related("contract__job__item", "reviewer", "appeal")
            .order_by("-submitted_at", "-pk"))


# --- a party's reviews to write -------------------------------------------------------------------------

@dataclass
class ReviewRow:
    contract: Contract
    side: str
    window: tuple
    window_open: bool
    own: Review | None
    other_in: bool
    other_shown: bool
    due: bool                          # the viewer's side may (and should) write its review now


def _organisation_ids(user, organisation_id):
    if not user.is_authenticated:
        return []
    ids = list(Organisation.objects.filter(member_q(user)).values_list("pk", flat=True))
    return [pk for pk in ids if organisation_id is None or pk == organisation_id]


def _rows(contracts, ids, now, credit_rules):
    rows = []
    for contract in contracts:
        side = "owner" if contract.owner_id in ids else "agency"
        reviews = {review.direction: review for review in contract.reviews.all()}
        own_direction = rules.direction_of(side)
        own, other = reviews.get(own_direction), reviews.get(rules.other_direction(own_direction))
        if other is not None:
            other.contract = contract
        rows.append(ReviewRow(
            contract=contract, side=side, window=rules.window(contract, credit_rules),
            window_open=rules.window_open(contract, now, credit_rules), own=own, other_in=other is not None,
            other_shown=other is not None and rules.review_shown(other, own, now, credit_rules),
            due=rules.may_review(contract, side, own is not None, now, credit_rules),
        ))
    return rows


def reviews_of_user(user, now, *, organisation_id=None, credit_rules=None):
    """(due, recent): the contracts of the user's organisations (only `organisation_id`'s when it
    is one of them) whose reviews are open and the user's side has not written its review yet,
    by the window's close; and the latest HISTORY_SIZE others whose reviews opened."""
    credit_rules = credit_rules or current_rules()
    ids = _organisation_ids(user, organisation_id)
    opened_after = rules.closed_if_filed_by(now, credit_rules)
    contracts = (Contract.objects.filter(Q(owner_id__in=ids) | Q(agency_id__in=ids),
                                         deliverables_filed_at__isnull=False)
                 .select_related("job", "owner", "agency")
                 .prefetch_related(Prefetch("reviews", queryset=Review.objects.only(
                     "pk", "contract_id", "direction", "average", "is_default", "status", "submitted_at"))))
    open_rows = _rows(contracts.filter(deliverables_filed_at__gt=opened_after).order_by("deliverables_filed_at", "pk"),
                      ids, now, credit_rules)
    due = [row for row in open_rows if row.due]
    others = _rows(contracts.exclude(pk__in=[row.contract.pk for row in due])
                   .order_by("-deliverables_filed_at", "-pk")[:HISTORY_SIZE], ids, now, credit_rules)
    return due, others


# --- the regulators -------------------------------------------------------------------------------------

_APPEAL_JOINS = ("review__contract__job__item", "review__reviewer", "review__rated", "filed_by", "decided_by")


def appeals_for_regulator(user):
    """(open, decided): the appeals about contracts within the active regulator's scope — what
    the department supervises (marketplace.selectors.scope) — PermissionDenied for anyone else;
    those waiting, oldest first, and the latest HISTORY_SIZE decided."""
    regulator = regulator_for(user)
    appeals = (ReviewAppeal.objects.filter(scope_of(regulator).q(**APPEAL_PATHS))
               .select_related(*_APPEAL_JOINS))
    return (list(appeals.filter(status=ReviewAppeal.Status.OPEN).order_by("filed_at", "pk")),
            list(appeals.exclude(status=ReviewAppeal.Status.OPEN).order_by("-decided_at", "-pk")[:HISTORY_SIZE]))


def _covers(scope, job):
    return scope.covers(category_id=job.item.category_id, region_code=job.owner.region_id)


def appeal_for_regulator(appeal_id, user):
    """One appeal about a contract of a category the active regulator supervises; 404 otherwise
    (and for anyone who is not an active regulator)."""
    try:
        regulator = regulator_for(user)
    except PermissionDenied:
        raise Http404 from None
    appeal = (ReviewAppeal.objects.select_related(*_APPEAL_JOINS, "review__contract__owner",
                                                  "review__contract__job__owner", "review__contract__agency")
              .filter(pk=appeal_id).first())
    if appeal is None or not _covers(scope_of(regulator), appeal.review.contract.job):
        raise Http404
    return appeal
