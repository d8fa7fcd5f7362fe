"""The rules of the two sides' reviews (双评价), beside their data: pure reads of the stored rows,
the rule set and `now`, never a write. Pages call them to show what the clock implies, services
call the same functions under their locks, selectors filter with the same rule as a Q.

- The window: a contract's reviews open when every milestone first has its deliverables filed
  (Contract.deliverables_filed_at) and close the rule set's `review.window_days` calendar days
  later (to the second; the close itself is outside the window).
- Each side writes one review of the other: the owner's (direction "owner") rates the agency on
  the "agency" dimensions, the agency's (direction "agency") rates the owner on the "owner" ones
  (reviews.credit.engine.REVIEW_DIMENSIONS), each 1–5; the average has two decimals, half up.
- Blindness: a review is shown — to the other side and the public — once both sides' reviews
  are in or the window has closed. Its own side always sees it.
- Appeal: the rated side, once, against a shown, counted review that is not a default one.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from contracts import rules as contract_rules

from .credit.engine import REVIEW_DIMENSIONS
from .credit.rulesets import current_rules
from .errors.reviews import (
    AppealAlreadyFiled,
    AppealRatedSideOnly,
    AppealReviewNotCounted,
    AppealReviewNotShown,
    ReviewAlreadySubmitted,
    ReviewPartiesOnly,
    ReviewScoresInvalid,
    ReviewTextTooLong,
    ReviewWindowClosed,
    ReviewWindowNotOpen,
)
from .models import Review

D = Review.Direction
SCORES = (1, 2, 3, 4, 5)
TEXT_MAX = 2000    # characters of a review's text
REASON_MAX = 2000  # characters of an appeal's reason and of a regulator's decision

DIMENSION_LABELS = {
    # the owner rates the agency
    "quality": _("服务质量"),
    "timeliness": _("服务时效"),
    "attitude": _("服务态度"),
    "fee_compliance": _("收费规范"),
    # the agency rates the owner
    "payment_timeliness": _("付款及时"),
    "cooperation": _("配合程度"),
    "integrity": _("诚信履约"),
}


# --- sides and directions ---------------------------------------------------------------------------

def side_of(user, contract):
    """"owner" or "agency" for a member of that party, else None (contracts.rules.side_of)."""
    return contract_rules.side_of(user, contract)


def direction_of(side):
    """The review a side writes: the owner's rates the agency, the agency's rates the owner (the
    directions are named after their writers, so this is the side itself)."""
    return D(side)


def other_direction(direction):
    return D.AGENCY_TO_OWNER if direction == D.OWNER_TO_AGENCY else D.OWNER_TO_AGENCY


def rated_profile(direction):
    """The credit profile of the rated side ("agency" or "owner"), whose dimensions it is scored on."""
    return "agency" if direction == D.OWNER_TO_AGENCY else "owner"


def dimensions(direction):
    return REVIEW_DIMENSIONS[rated_profile(direction)]


def parties(contract, direction):
    """(reviewer, rated) organisation ids of a contract's review in `direction`."""
    if direction == D.OWNER_TO_AGENCY:
        return contract.owner_id, contract.agency_id
    return contract.agency_id, contract.owner_id


# --- the window -------------------------------------------------------------------------------------

def window_days(credit_rules=None) -> int:
    return int((credit_rules or current_rules())["review"]["window_days"])


def window(contract, credit_rules=None):
    """(opens, closes) of the contract's reviews, or None before its deliverables were all filed."""
    opens = contract.deliverables_filed_at
    if opens is None:
        return None
    return opens, opens + datetime.timedelta(days=window_days(credit_rules))


def window_open(contract, now, credit_rules=None) -> bool:
    moments = window(contract, credit_rules)
    return moments is not None and moments[0] <= now < moments[1]


def window_closed(contract, now, credit_rules=None) -> bool:
    moments = window(contract, credit_rules)
    return moments is not None and moments[1] <= now


def closed_if_filed_by(now, credit_rules=None):
    """A contract whose deliverables were all filed at or before this moment has its window closed
    at `now` (the same rule as window_closed, for filtering)."""
    return now - datetime.timedelta(days=window_days(credit_rules))


def review_refusal(contract, side, submitted, now, credit_rules=None):
    """Why `side` may not write its review of the contract now (an error class), or None.
    `submitted`: its review is already in."""
    if side is None:
        return ReviewPartiesOnly
    if not window_open(contract, now, credit_rules):
        return ReviewWindowClosed if window_closed(contract, now, credit_rules) else ReviewWindowNotOpen
    if submitted:
        return ReviewAlreadySubmitted
    return None


def may_review(contract, side, submitted, now, credit_rules=None) -> bool:
    return review_refusal(contract, side, submitted, now, credit_rules) is None


# --- blindness --------------------------------------------------------------------------------------

def review_shown(review, other, now, credit_rules=None) -> bool:
    """Whether the other side and the public may see `review` (with its contract): once both
    sides' reviews are in or the window has closed. `other` is the other side's review (or
    whether there is one). A default review exists only after the close, so it is always shown."""
    return bool(other) or window_closed(review.contract, now, credit_rules)


def shown_q(now, credit_rules=None, prefix=""):
    """review_shown as a filter on reviews (reached through `prefix`, e.g. "review__")."""
    other_in = Exists(Review.objects.filter(contract=OuterRef(f"{prefix}contract"))
                      .exclude(direction=OuterRef(f"{prefix}direction")))
    closed = Q(**{f"{prefix}contract__deliverables_filed_at__lte": closed_if_filed_by(now, credit_rules)})
    return Q(other_in) | closed


def visible_to(review, side, shown) -> bool:
    """A review is always visible to its own side; to anyone else only once shown."""
    return side == review.direction or shown


# --- appeals ----------------------------------------------------------------------------------------

def appeal_refusal(review, side, shown, appealed):
    """Why `side` may not appeal against `review` (an error class), or None: only the rated side,
    once, against a shown, counted review that is not a default one. `appealed`: an appeal
    against it exists."""
    if side is None or side == review.direction:
        return AppealRatedSideOnly
    if not shown:
        return AppealReviewNotShown
    if review.is_default or review.status != Review.Status.COUNTED:
        return AppealReviewNotCounted
    if appealed:
        return AppealAlreadyFiled
    return None


def may_appeal(review, side, shown, appealed) -> bool:
    return appeal_refusal(review, side, shown, appealed) is None


# --- what a review holds ----------------------------------------------------------------------------

def check_scores(direction, scores) -> dict:
    """The scores of a review in `direction`: exactly its dimensions, each an integer 1–5, in the
    dimensions' order; ReviewScoresInvalid otherwise."""
    wanted = dimensions(direction)
    if not isinstance(scores, dict) or set(scores) != set(wanted):
        raise ReviewScoresInvalid(field="scores")
    for value in scores.values():
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
            raise ReviewScoresInvalid(field="scores")
    return {dimension: scores[dimension] for dimension in wanted}


def average(scores) -> Decimal:
    """The mean of the scores, two decimals, half up (4, 4, 5 → 4.33; 4, 5 → 4.50)."""
    values = [Decimal(str(value)) for value in scores.values()]
    return (sum(values) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def plain_text(text, max_length, field="text") -> str:
    """User text kept as typed (plain, shown escaped), stripped at its ends, without NUL
    characters; longer than `max_length` is refused, never cut."""
    text = str(text or "").replace("\x00", "").strip()
    if len(text) > max_length:
        raise ReviewTextTooLong(ReviewTextTooLong.default_message % {"n": max_length}, field=field)
    return text


def score_rows(review):
    """[(label, score)] of a review, in its dimensions' order."""
    return [(DIMENSION_LABELS[dimension], review.scores.get(dimension))
            for dimension in dimensions(review.direction)]
