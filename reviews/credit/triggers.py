"""Credit updates on each event: a listener on the audit log.

Every service that records a credit event writes an audit entry (reviews, refusals, acceptances,
upheld complaints, regulators' credit records, …). When such an entry is created, the objects it
names are remembered; once the transaction commits, they are mapped to the organisations they
concern and reviews.tasks.recompute_credit_task is enqueued for them (in the background with
RQ, at once in-process otherwise). A rolled-back change enqueues nothing; the services that
record events never call the credit code, and nothing runs inside their transaction but this
note-taking (no query).

A new rule set version recomputes every organisation.
"""
import logging
import threading

from django.db import transaction

from audit.actions import Action

logger = logging.getLogger(__name__)

# The audit actions after which a score may change.
CREDIT_ACTIONS = frozenset(action.value for action in (
    Action.REVIEW_SUBMIT, Action.REVIEW_DEFAULT, Action.REVIEW_APPEAL_VOID,
    Action.CONTRACT_REFUSAL, Action.JOB_ACCEPT, Action.DELIVERY_ACCEPT, Action.DELIVERY_DEEMED_ACCEPT,
    Action.OBJECTION_DECIDE, Action.CREDIT_ACTION_RECORD, Action.CREDIT_RULESET_PUBLISH,
    Action.BLACKLIST_APPROVE, Action.CREDIT_REPAIR_APPROVE, Action.AGENCY_REGISTER, Action.OWNER_REGISTER,
    # issue 10: the approving department's rating; the owner's steps that close (signing, deciding
    # a delivery, paying) or first run late (their late days then grow with the daily recompute)
    Action.DEPARTMENT_RATE, Action.OWNER_STEP_LATE, Action.CONTRACT_SIGN, Action.DELIVERY_REJECT,
    Action.PAYMENT_SUCCEED, Action.PAYMENT_OFFLINE,
    # issue 11: a complaint's decision; an inspection campaign's published results
    Action.COMPLAINT_DECIDE, Action.CAMPAIGN_PUBLISH,
))
EVERYONE = "*"

_pending = threading.local()


def _organisation_ids(object_type, ids):
    """The organisations the objects of one type concern (one query), or EVERYONE."""
    from bidding.models import Objection
    from contracts.models import Contract, Delivery, Milestone, OwnerStep
    from oversight.models import Complaint, InspectionCampaign

    from ..models import BlacklistEntry, CreditAction, CreditRepair, DepartmentRating, Review, ReviewAppeal

    sources = {
        # both sides: a review shown at the second submission shows the other side's too
        "reviews.review": (Review, ("contract__owner_id", "contract__agency_id")),
        "reviews.reviewappeal": (ReviewAppeal, ("review__contract__owner_id", "review__contract__agency_id")),
        "contracts.contract": (Contract, ("owner_id", "agency_id")),
        "contracts.delivery": (Delivery, ("milestone__contract__owner_id", "milestone__contract__agency_id")),
        "bidding.objection": (Objection, ("job__owner_id", "bid__agency_id")),
        "reviews.creditaction": (CreditAction, ("organisation_id",)),
        "reviews.blacklistentry": (BlacklistEntry, ("agency_id",)),
        "reviews.creditrepair": (CreditRepair, ("entry__agency_id",)),
        "reviews.departmentrating": (DepartmentRating, ("agency_id",)),
        "contracts.milestone": (Milestone, ("contract__owner_id", "contract__agency_id")),
        "contracts.ownerstep": (OwnerStep, ("contract__owner_id",)),
        "oversight.complaint": (Complaint, ("responsible_id",)),
        "oversight.inspectioncampaign": (InspectionCampaign, ("findings__agency_id",)),
    }
    if object_type == "reviews.ruleset":
        return EVERYONE
    if object_type == "providers.organisation":
        return set(ids)
    if object_type == "bidding.job":  # the job's owner and the agency of its signed contract
        rows = Contract.objects.filter(job_id__in=ids, status=Contract.Status.SIGNED).values_list("owner_id",
                                                                                                  "agency_id")
        return {pk for row in rows for pk in row}
    if object_type not in sources:
        logger.warning("credit trigger: no organisations known for %s", object_type)
        return set()
    model, fields = sources[object_type]
    return {pk for row in model.objects.filter(pk__in=ids).values_list(*fields) for pk in row if pk}


def organisations_concerned(objects):
    """{organisation id} of the (object_type, object_id) pairs, or EVERYONE."""
    by_type = {}
    for object_type, object_id in objects:
        try:
            by_type.setdefault(object_type, set()).add(int(object_id))
        except (TypeError, ValueError):
            continue
    found = set()
    for object_type, ids in sorted(by_type.items()):
        concerned = _organisation_ids(object_type, ids)
        if concerned == EVERYONE:
            return EVERYONE
        found |= concerned
    return found


class _Batch:
    """The objects noted in one transaction, flushed once after its commit: one task for all."""

    def __init__(self):
        self.objects = set()
        self.done = False

    def __call__(self):
        from ..tasks import recompute_credit_task

        objects, self.objects, self.done = self.objects, set(), True
        concerned = organisations_concerned(objects) if objects else set()
        if concerned == EVERYONE:
            recompute_credit_task.enqueue(None)
        elif concerned:
            recompute_credit_task.enqueue(sorted(concerned))


def _registered(batch):
    """Whether `batch` is still waiting for the current transaction's commit (a rollback drops it)."""
    connection = transaction.get_connection()
    return (not batch.done and connection.in_atomic_block
            and any(entry[1] is batch for entry in connection.run_on_commit))


def audit_entry_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of audit.models.AuditEntry."""
    if not created or raw or instance.action not in CREDIT_ACTIONS:
        return
    batch = getattr(_pending, "batch", None)
    if batch is not None and _registered(batch):
        batch.objects.add((instance.object_type, instance.object_id))
        return
    batch = _pending.batch = _Batch()
    batch.objects.add((instance.object_type, instance.object_id))
    transaction.on_commit(batch, robust=True)
