"""The two sides' blind reviews (双评价) and their appeals (申诉): every write, one function each.

- `review_submit`: a side's one review of the other, in the window (reviews/rules.py). Never
  edited afterwards: no function here changes a review's scores or text, and the unique
  constraint (contract, direction) refuses a second one even from two requests at once.
- `review_default_if_due` / `review_defaults_apply`: once the window has closed, a side that
  wrote nothing gets the rule set's default review (no author), dated at the close; run by
  `manage.py advance_reviews` every minute; idempotent.
- `appeal_file`, `appeal_decide`: the rated side appeals once; a regulator supervising the
  item's category keeps or voids the review, with a reason that is published.
- `reviews_opened_notify`: both sides are told the window opened (the listener in
  reviews/wiring.py calls it when the deliverables are first all filed).

Each write locks the contract first (as the contracts services lock the job and then the
contract, a reviews service never waits for a job while holding a contract), checks its rule from
reviews/rules.py, writes, audits and notifies (notices go out on commit). The credit part listens
for the audit entries (REVIEW_SUBMIT, REVIEW_DEFAULT, REVIEW_APPEAL_VOID): their `after` names the
`reviewer` and `rated` organisations.
"""
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.models import AuditEntry
from audit.services import audit_record
from contracts import rules as contract_rules
from contracts.models import Contract
from core.notifications import notify
from marketplace.selectors.regulators import supervisors_of
from providers.access import members_of

from .. import rules
from ..credit import engine
from ..credit.rulesets import current_ruleset
from ..errors.reviews import (
    AppealAlreadyDecided,
    AppealAlreadyFiled,
    AppealDecisionReasonRequired,
    AppealReasonRequired,
    AppealRegulatorOnly,
    ReviewAlreadySubmitted,
)
from ..models import Review, ReviewAppeal

logger = logging.getLogger(__name__)
D = Review.Direction


def _lock(contract_id):
    return (Contract.objects.select_for_update(of=("self",)).select_related("job__item__category")
            .get(pk=contract_id))


def review_link(contract):
    return reverse("reviews:review", args=[contract.pk])


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _side_members(contract, direction):
    """The members of the side that writes the review in `direction`."""
    return members_of({rules.parties(contract, direction)[0]})


def _audit_after(review):
    return {"contract": review.contract.number, "direction": review.direction, "reviewer": review.reviewer_id,
            "rated": review.rated_id, "scores": review.scores, "average": review.average, "text": review.text}


# --- writing a review -------------------------------------------------------------------------------

@transaction.atomic
def review_submit(*, actor, contract, scores, text):
    """The actor's side reviews the other side of the contract: `scores` {dimension: 1–5} for
    exactly the dimensions of that direction, `text` plain text. One per side, never edited."""
    contract = _lock(contract.pk)
    side = rules.side_of(actor, contract)
    now = timezone.now()
    ruleset = current_ruleset().rules
    direction = rules.direction_of(side) if side else None
    submitted = bool(direction) and Review.objects.filter(contract=contract, direction=direction).exists()
    refusal = rules.review_refusal(contract, side, submitted, now, ruleset)
    if refusal is not None:
        raise refusal()
    scores = rules.check_scores(direction, scores)
    text = rules.plain_text(text, rules.TEXT_MAX)
    reviewer_id, rated_id = rules.parties(contract, direction)
    try:
        with transaction.atomic():  # a savepoint: the unique constraint backs up the check above
            review = Review.objects.create(
                contract=contract, direction=direction, reviewer_id=reviewer_id, rated_id=rated_id, scores=scores,
                average=rules.average(scores), text=text, submitted_by=actor, submitted_at=now)
    except IntegrityError:
        raise ReviewAlreadySubmitted() from None
    audit_record(actor=actor, action=Action.REVIEW_SUBMIT, obj=review, after=_audit_after(review))
    other = rules.other_direction(direction)
    title = contract.job.title
    if Review.objects.filter(contract=contract, direction=other).exists():
        notify(members_of({contract.owner_id, contract.agency_id}),
               title=_("双方均已评价，评价已公开：%(title)s") % {"title": title},
               body=_("双方对合同 %(number)s 的评价现已公开，可在评价页面查看。") % {"number": contract.number},
               link=review_link(contract))
    else:
        closes = rules.window(contract, ruleset)[1]
        notify(_side_members(contract, other), title=_("对方已提交评价：%(title)s") % {"title": title},
               body=_("对方的评价内容将在贵方评价后或评价期结束（%(close)s）后公开。请在评价期结束前评价；"
                      "逾期未评价的，按信用评价规则计为默认评价。") % {"close": _local(closes)},
               link=review_link(contract))
    return review


# --- defaults at the close --------------------------------------------------------------------------

@transaction.atomic
def review_default_if_due(contract_id, *, now=None):
    """Once the contract's window has closed, each side without a review gets the rule set's
    default (is_default, no author, dated at the close). The directions it wrote, [] when
    nothing was due (idempotent)."""
    now = now or timezone.now()
    contract = _lock(contract_id)
    ruleset = current_ruleset()
    if not rules.window_closed(contract, now, ruleset.rules):
        return []
    existing = set(Review.objects.filter(contract=contract).values_list("direction", flat=True))
    missing = [direction for direction in D if direction not in existing]
    closes = rules.window(contract, ruleset.rules)[1]
    for direction in missing:
        scores = engine.default_review(ruleset.rules, rules.rated_profile(direction))
        reviewer_id, rated_id = rules.parties(contract, direction)
        review = Review.objects.create(
            contract=contract, direction=direction, reviewer_id=reviewer_id, rated_id=rated_id, scores=scores,
            average=rules.average(scores), is_default=True, submitted_at=closes)
        audit_record(actor=None, action=Action.REVIEW_DEFAULT, obj=review,
                     after={**_audit_after(review), "rule_version": ruleset.version})
    for direction in D if missing else ():
        lines = []
        if direction in missing:
            lines.append(_("贵方未在评价期内评价，已按信用评价规则计为默认评价。"))
        if rules.other_direction(direction) in missing:
            lines.append(_("对方未在评价期内评价，已按信用评价规则计为默认评价。"))
        lines.append(_("双方的评价现已公开，可在评价页面查看。"))
        notify(_side_members(contract, direction), title=_("评价期已结束：%(title)s") % {"title": contract.job.title},
               body="".join(str(line) for line in lines), link=review_link(contract))
    return missing


def review_defaults_apply(*, now=None):
    """Apply the defaults of every contract whose window has closed with a side's review missing
    (`manage.py advance_reviews`). Each contract in its own transaction; one that fails is
    logged and tried again next run. Returns the ids of the contracts that got defaults."""
    now = now or timezone.now()
    filed_by = rules.closed_if_filed_by(now)
    due = Contract.objects.filter(deliverables_filed_at__lte=filed_by).filter(
        ~Exists(Review.objects.filter(contract=OuterRef("pk"), direction=D.OWNER_TO_AGENCY))
        | ~Exists(Review.objects.filter(contract=OuterRef("pk"), direction=D.AGENCY_TO_OWNER)))
    applied = []
    for contract_id in due.order_by("deliverables_filed_at", "pk").values_list("pk", flat=True):
        try:
            if review_default_if_due(contract_id, now=now):
                applied.append(contract_id)
        except Exception:
            logger.exception("applying the default reviews of contract %s failed", contract_id)
    return applied


# --- the window opens -------------------------------------------------------------------------------

def reviews_opened(entry):
    """The listener's work for a JOB_DELIVER audit entry (reviews/wiring.py): the first of its job
    opened the reviews of its contract (deliverables_filed_at is set only then); later ones (the
    owner sent deliverables back, the agency filed them again) do not open them again."""
    earlier = AuditEntry.objects.filter(action=entry.action, object_type=entry.object_type,
                                        object_id=entry.object_id, seq__lt=entry.seq)
    if earlier.exists():
        return None
    contract = (Contract.objects.filter(job_id=entry.object_id, status=Contract.Status.SIGNED,
                                        deliverables_filed_at__isnull=False).select_related("job").first())
    if contract is not None:
        reviews_opened_notify(contract)
    return contract


def reviews_opened_notify(contract):
    """Tell both sides the reviews are open and until when (inside the transaction that filed
    the last deliverables: the notices go out when it commits)."""
    credit_rules = current_ruleset().rules
    closes = rules.window(contract, credit_rules)[1]
    title = _("服务成果已全部提交，请在 %(days)s 日内评价：%(title)s") % {
        "days": rules.window_days(credit_rules), "title": contract.job.title}
    body = _("评价期至 %(close)s。双方互评，对方的评价在双方均已评价或评价期结束后公开；"
             "逾期未评价的，按信用评价规则计为默认评价。评价提交后不能修改。") % {"close": _local(closes)}
    notify(members_of({contract.owner_id, contract.agency_id}), title=title, body=body, link=review_link(contract))


# --- appeals ----------------------------------------------------------------------------------------

def appeal_link(appeal):
    return reverse("reviews_regulator:appeal", args=[appeal.pk])


@transaction.atomic
def appeal_file(*, actor, review, reason):
    """The rated side appeals once against a shown, counted review; the regulators supervising
    the item's category are told."""
    contract = _lock(review.contract_id)
    review = Review.objects.select_for_update(of=("self",)).get(pk=review.pk)
    review.contract = contract
    side = rules.side_of(actor, contract)
    now = timezone.now()
    other_in = Review.objects.filter(contract=contract).exclude(direction=review.direction).exists()
    shown = rules.review_shown(review, other_in, now)
    appealed = ReviewAppeal.objects.filter(review=review).exists()
    refusal = rules.appeal_refusal(review, side, shown, appealed)
    if refusal is not None:
        raise refusal()
    reason = rules.plain_text(reason, rules.REASON_MAX, field="reason")
    if not reason:
        raise AppealReasonRequired(field="reason")
    try:
        with transaction.atomic():
            appeal = ReviewAppeal.objects.create(review=review, organisation_id=review.rated_id, filed_by=actor,
                                                 reason=reason, filed_at=now)
    except IntegrityError:
        raise AppealAlreadyFiled() from None
    audit_record(actor=actor, action=Action.REVIEW_APPEAL, obj=appeal,
                 after={"review": review.pk, "contract": contract.number, "direction": review.direction,
                        "reviewer": review.reviewer_id, "rated": review.rated_id, "reason": reason})
    notify(supervisors_of(contract.job.item.category_id),
           title=_("收到评价申诉：%(title)s") % {"title": contract.job.title},
           body=_("合同 %(number)s 的被评价方对评价提出申诉，请审核后维持或撤销该评价。") % {"number": contract.number},
           link=appeal_link(appeal))
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal, void, reason):
    """A regulator supervising the item's category keeps or voids the appealed review, with a
    reason that is published beside it. A voided review no longer counts."""
    review_id = ReviewAppeal.objects.values_list("review_id", flat=True).get(pk=appeal.pk)
    contract = _lock(Review.objects.values_list("contract_id", flat=True).get(pk=review_id))
    review = Review.objects.select_for_update(of=("self",)).get(pk=review_id)
    appeal = ReviewAppeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
    if not contract_rules.supervises(actor, contract):
        raise AppealRegulatorOnly()
    if appeal.status != ReviewAppeal.Status.OPEN:
        raise AppealAlreadyDecided()
    reason = rules.plain_text(reason, rules.REASON_MAX, field="reason")
    if not reason:
        raise AppealDecisionReasonRequired(field="reason")
    now = timezone.now()
    appeal.status = ReviewAppeal.Status.VOIDED if void else ReviewAppeal.Status.KEPT
    appeal.decided_by, appeal.decided_at, appeal.decision_reason = actor, now, reason
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    if void:
        review.status = Review.Status.VOIDED
        review.save(update_fields=["status"])
    audit_record(actor=actor, action=Action.REVIEW_APPEAL_VOID if void else Action.REVIEW_APPEAL_KEEP, obj=appeal,
                 after={"review": review.pk, "contract": contract.number, "direction": review.direction,
                        "reviewer": review.reviewer_id, "rated": review.rated_id, "reason": reason})
    outcome = _("撤销该评价，该评价不再计入信用") if void else _("维持该评价")
    notify(members_of({contract.owner_id, contract.agency_id}),
           title=_("评价申诉已处理：%(title)s") % {"title": contract.job.title},
           body=_("监管部门决定%(outcome)s。理由（公开）：%(reason)s") % {"outcome": outcome, "reason": reason},
           link=review_link(contract))
    appeal.review = review
    return appeal
