"""Objections (异议) to a result and their escalation to a regulator (投诉): the two-step split.

The life of an objection:
  open ──owner answers──▶ answered ──bidder escalates──▶ escalated ──regulator──▶ upheld | rejected
    │                        └─ not escalated within 3 working days of the answer ─▶ closed
    └─ no answer for 3 working days: the bidder may escalate it unanswered
Open, answered and escalated objections hold up the award (publicity.publicity_end_if_due).

Who: a member of an agency that bid on the job raises one (on its own bid, inside the publicity
period); a member of the owner organisation answers; a member of the objecting agency escalates;
an active regulator supervising the job's service-item category decides.

An upheld objection sends the job back to selection (states "reopen_selection"): the winner,
ranks, scores of the round and the publicity end are cleared, the round's draws are kept as
history but marked superseded, other pending objections on the job are closed (the result they
contest is gone), and the bids the regulator names as wrongly admitted become invalid with the
decision as their reason. The owner then selects again. A re-draw uses the SAME committed seed:
it was fixed before any bid, so nobody (the platform included) can steer the new draw by
choosing a new seed after every value is known; the new draw differs from the old one exactly by
the bids the published decision excluded, and anyone can recompute both.
"""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core import uploads
from core.notifications import notify
from core.workdays import calendar_from_db
from marketplace.selectors.regulators import regulator_for, supervised_category_ids, supervisors_of
from providers.access import is_active_regulator, is_member, members_of

from .. import states
from ..errors import (
    AnswerByOwnerOnly,
    ComplaintNotSupervised,
    DecisionByRegulatorOnly,
    EscalationByObjectorOnly,
    EscalationTooEarly,
    EscalationTooLate,
    InvalidationNotValidBid,
    ObjectionAlreadyOpen,
    ObjectionNotAllowed,
    ObjectionReasonsRequired,
    ObjectionWindowClosed,
    ObjectionWrongStage,
)
from ..models import Bid, Job, Objection, ObjectionAttachment
from ..selectors.selection import BLOCKING_OBJECTION_STATUSES
from .publicity import bidder_org_ids, escalation_deadline, public_link, publicity_end_if_due

# With no answer for this many working days the objector may escalate anyway.
UNANSWERED_WORKING_DAYS = 3
OBJECTION_FIELDS = ["status", "answer", "escalation_reasons", "decision"]


def _link(objection):
    return reverse("bidding:objection", args=[objection.pk])


def _required(text, error_class, field):
    text = (text or "").strip()
    if not text:
        raise error_class(field=field)
    return text


def _lock(objection):
    """Lock the job first, then the objection (always in that order, as the clock does)."""
    job = Job.objects.select_for_update(of=("self",)).select_related("item").get(pk=objection.job_id)
    objection = Objection.objects.select_for_update(of=("self",)).select_related("bid__agency").get(pk=objection.pk)
    return job, objection


@transaction.atomic
def objection_raise(*, actor, job, bid, reasons, files=()):
    now = timezone.now()
    job = Job.objects.select_for_update().get(pk=job.pk)
    bid = Bid.objects.select_related("agency").get(pk=getattr(bid, "pk", bid))
    if (
        bid.job_id != job.pk
        or bid.status not in (Bid.Status.VALID, Bid.Status.INVALID)
        or not is_member(actor, bid.agency_id)
    ):
        raise ObjectionNotAllowed()
    if not states.in_publicity(job, now):
        raise ObjectionWindowClosed()
    reasons = _required(reasons, ObjectionReasonsRequired, "reasons")
    if Objection.objects.filter(bid=bid, status__in=BLOCKING_OBJECTION_STATUSES).exists():
        raise ObjectionAlreadyOpen()
    objection = Objection.objects.create(job=job, bid=bid, raised_by=actor, reasons=reasons, raised_at=now)
    with uploads.removed_on_failure() as keep:
        attached = uploads.attach(keep, ObjectionAttachment, files, field="files",
                                  objection=objection, uploaded_by=actor)
        audit_record(actor=actor, action=Action.OBJECTION_RAISE, obj=objection,
                     after={"job": job.pk, "bid": bid.pk, "reasons": reasons, "files": len(attached)})
    notify(members_of({job.owner_id}), title=_("收到异议：%(title)s") % {"title": job.title},
           body=_("%(agency)s 对选取结果提出异议，请及时答复。") % {"agency": bid.agency.name},
           link=_link(objection))
    notify(members_of({bid.agency_id}), title=_("异议已提交：%(title)s") % {"title": job.title},
           body=_("业主答复前，该项目不会确定中选。"), link=_link(objection))
    return objection


@transaction.atomic
def objection_answer(*, actor, objection, answer):
    now = timezone.now()
    job, objection = _lock(objection)
    if not is_member(actor, job.owner_id):
        raise AnswerByOwnerOnly()
    if objection.status != Objection.Status.OPEN:
        raise ObjectionWrongStage()
    answer = _required(answer, ObjectionReasonsRequired, "answer")
    objection.status = Objection.Status.ANSWERED
    objection.answer, objection.answered_by, objection.answered_at = answer, actor, now
    objection.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit_record(actor=actor, action=Action.OBJECTION_ANSWER, obj=objection,
                 before={"status": Objection.Status.OPEN}, after={"status": objection.status, "answer": answer})
    deadline = timezone.localtime(escalation_deadline(objection)).strftime("%Y-%m-%d %H:%M")
    notify(members_of({objection.bid.agency_id}), title=_("业主已答复异议：%(title)s") % {"title": job.title},
           body=_("如对答复不满意，可在 %(deadline)s 前投诉至监管部门。") % {"deadline": deadline},
           link=_link(objection))
    return objection


def _may_escalate(objection, now):
    calendar = calendar_from_db()
    if objection.status == Objection.Status.ANSWERED:
        if now > escalation_deadline(objection, calendar):
            raise EscalationTooLate()
        return
    if objection.status == Objection.Status.OPEN:
        if now <= calendar.end_of_working_days(objection.raised_at, UNANSWERED_WORKING_DAYS):
            raise EscalationTooEarly()
        return
    raise ObjectionWrongStage()


@transaction.atomic
def objection_escalate(*, actor, objection, reasons):
    now = timezone.now()
    job, objection = _lock(objection)
    if not is_member(actor, objection.bid.agency_id):
        raise EscalationByObjectorOnly()
    _may_escalate(objection, now)
    reasons = _required(reasons, ObjectionReasonsRequired, "reasons")
    old = objection.status
    objection.status = Objection.Status.ESCALATED
    objection.escalation_reasons, objection.escalated_at = reasons, now
    objection.save(update_fields=["status", "escalation_reasons", "escalated_at"])
    audit_record(actor=actor, action=Action.OBJECTION_ESCALATE, obj=objection,
                 before={"status": old}, after={"status": objection.status, "reasons": reasons})
    notify(supervisors_of(job.item.category_id), title=_("收到投诉：%(title)s") % {"title": job.title},
           body=_("%(agency)s 对业主的异议答复不满意，投诉至监管部门。") % {"agency": objection.bid.agency.name},
           link=reverse("bidding_regulator:complaint", args=[objection.pk]))
    notify(members_of({job.owner_id}), title=_("异议已投诉至监管部门：%(title)s") % {"title": job.title},
           body=reasons, link=_link(objection))
    return objection


def _check_regulator(actor, job):
    if not is_active_regulator(actor):
        raise DecisionByRegulatorOnly()
    regulator = regulator_for(actor)
    if job.item.category_id not in supervised_category_ids(regulator):
        raise ComplaintNotSupervised()
    return regulator


def _invalidate(job, bid_ids, reason):
    bids = list(Bid.objects.select_for_update().filter(job=job, pk__in=bid_ids, status=Bid.Status.VALID))
    if len(bids) != len(set(bid_ids)):
        raise InvalidationNotValidBid(field="invalidate")
    for bid in bids:
        bid.status, bid.invalid_reason = Bid.Status.INVALID, reason
    Bid.objects.bulk_update(bids, ["status", "invalid_reason"])
    return [bid.pk for bid in bids]


def _reopen_selection(actor, job, objection, now):
    """Send the job back to CLOSED: the round's result is void."""
    old = states.move(job, "reopen_selection")
    before = {"status": old, "winner": job.winner_id, "publicity_ends_at": job.publicity_ends_at}
    job.winner, job.selection_reason, job.selected_at, job.publicity_ends_at = None, "", None, None
    job.save(update_fields=["status", "winner", "selection_reason", "selected_at", "publicity_ends_at", "updated_at"])
    Bid.objects.filter(job=job).update(rank=None, total_score=None, abnormally_low=False, low_price_justification="")
    job.draws.filter(superseded_at__isnull=True).update(superseded_at=now)
    others = Objection.objects.filter(job=job, status__in=BLOCKING_OBJECTION_STATUSES).exclude(pk=objection.pk)
    closed = list(others.values_list("pk", flat=True))
    others.update(status=Objection.Status.CLOSED)
    audit_record(actor=actor, action=Action.JOB_REOPEN_SELECTION, obj=job, before=before,
                 after={"status": job.status, "objection": objection.pk, "closed_objections": closed})


@transaction.atomic
def objection_decide(*, actor, objection, upheld, decision, invalidate=()):
    """The regulator's decision. `invalidate`: ids of valid bids the decision finds should not have
    been admitted; they become invalid and take no part in the new selection."""
    now = timezone.now()
    job, objection = _lock(objection)
    _check_regulator(actor, job)
    if objection.status != Objection.Status.ESCALATED:
        raise ObjectionWrongStage()
    decision = _required(decision, ObjectionReasonsRequired, "decision")
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.decision, objection.decided_by, objection.decided_at = decision, actor, now
    objection.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    invalidated = []
    if upheld:
        invalidated = _invalidate(job, [int(pk) for pk in invalidate], decision)
        if states.allowed(job, "reopen_selection"):
            _reopen_selection(actor, job, objection, now)
    audit_record(actor=actor, action=Action.OBJECTION_DECIDE, obj=objection,
                 before={"status": Objection.Status.ESCALATED},
                 after={"status": objection.status, "decision": decision, "invalidated_bids": invalidated})
    title = _("投诉处理结果：%(title)s") % {"title": job.title}
    if upheld:
        body = _("投诉成立，项目重新进行选取。处理决定：%(decision)s") % {"decision": decision}
        notify(members_of({job.owner_id} | bidder_org_ids(job)), title=title, body=body, link=public_link(job))
    else:
        body = _("投诉不成立。处理决定：%(decision)s") % {"decision": decision}
        notify(members_of({job.owner_id, objection.bid.agency_id}), title=title, body=body, link=_link(objection))
        # The period may already be over: award now rather than wait for the clock.
        publicity_end_if_due(job.pk, now=now)
    return objection
