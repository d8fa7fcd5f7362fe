"""Opening and closing the owner's timed steps (contracts.owner_clock says what each one is).

These are not steps of their own: each is called by the contracts service that makes the step
due or done (contract_create, contract_sign, delivery_submit/accept/reject, the acceptance of a
milestone, the payment), inside that service's transaction and after its permission checks, so
a refused action opens or closes nothing. The clock (`step_late_update`, run by
`advance_contracts`) keeps the late days of open steps current and tells the owner once when a
step becomes late."""
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.notifications import notify
from core.workdays import calendar_from_db

from .. import owner_clock
from ..models import Contract, OwnerStep
from ._common import link, lock, owner_members

K = OwnerStep.Kind
OUT = OwnerStep.Outcome


def _open(**fields):
    """Create the step (its subject, a public record, in the site's language)."""
    try:
        with transaction.atomic():
            return OwnerStep.objects.create(**fields)
    except IntegrityError:  # opened already (a service run twice): the first one stands
        return None


def sign_step_open(contract, job, now):
    """The owner's time to sign runs from the award (its own award, for a runner-up)."""
    started = job.awarded_at or now
    due = calendar_from_db().end_of_working_days(started, owner_clock.sign_days())
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("合同 %(number)s") % {"number": contract.number}
    return _open(contract=contract, kind=K.SIGN, subject=subject, started_at=started, due_at=due)


def decision_step_open(contract, milestone, delivery):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("第 %(n)s 个节点“%(title)s”的成果") % {"n": milestone.number, "title": milestone.title}
    return _open(contract=contract, kind=K.DECIDE_DELIVERY, milestone=milestone, delivery=delivery,
                 subject=subject, started_at=delivery.submitted_at, due_at=delivery.review_deadline)


def payment_step_open(contract, milestone, now):
    """A milestone's payment falls due at its acceptance. One paid already is done on time."""
    due = calendar_from_db().end_of_working_days(now, owner_clock.pay_days())
    paid = milestone.paid_fen + milestone.paid_offline_fen >= milestone.amount_fen
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("第 %(n)s 个节点“%(title)s”的价款") % {"n": milestone.number, "title": milestone.title}
    return _open(contract=contract, kind=K.PAY_MILESTONE, milestone=milestone, subject=subject,
                 started_at=now, due_at=due, done_at=now if paid else None, outcome=OUT.DONE if paid else OUT.OPEN)


def _close(steps, now, outcome):
    """Close the open steps of a queryset: done at `now`, their late days fixed."""
    calendar = calendar_from_db()
    closed = []
    for step in steps.select_for_update().filter(done_at__isnull=True).order_by("pk"):
        step.done_at, step.outcome = now, outcome
        step.late_days = owner_clock.step_late_days(calendar, step, now)
        step.save(update_fields=["done_at", "outcome", "late_days"])
        closed.append(step)
    return closed


def sign_step_close(contract, now):
    return _close(OwnerStep.objects.filter(contract=contract, kind=K.SIGN), now, OUT.DONE)


def decision_step_close(delivery, now, *, lapsed=False):
    return _close(OwnerStep.objects.filter(delivery=delivery, kind=K.DECIDE_DELIVERY), now,
                  OUT.LAPSED if lapsed else OUT.DONE)


def payment_step_close(milestone, now):
    return _close(OwnerStep.objects.filter(milestone=milestone, kind=K.PAY_MILESTONE), now, OUT.DONE)


def steps_end(contract, now):
    """The contract was refused or terminated: its open steps will not be done. Their late days
    up to now stand."""
    return _close(OwnerStep.objects.filter(contract=contract), now, OUT.ENDED)


@transaction.atomic
def step_late_update(step_id, *, now=None) -> bool:
    """The clock: store an open step's late days as of `now`; the first time it is late, tell the
    owner and record it. True when the stored days changed."""
    now = now or timezone.now()
    # The locks in the order every contracts service takes them (job, contract, then the step):
    # the service that closes the step meanwhile is waited for, never deadlocked with.
    contract_id, job_id = OwnerStep.objects.values_list("contract_id", "contract__job_id").get(pk=step_id)
    _job, contract = lock(Contract(pk=contract_id, job_id=job_id))
    step = OwnerStep.objects.select_for_update(of=("self",)).get(pk=step_id)
    step.contract = contract
    if step.done_at is not None:
        return False
    days = owner_clock.step_late_days(calendar_from_db(), step, now)
    if days == step.late_days:
        return False
    before = step.late_days
    step.late_days = days
    step.save(update_fields=["late_days"])
    if before == 0:
        audit_record(actor=None, action=Action.OWNER_STEP_LATE, obj=step.contract,
                     after={"step": step.pk, "kind": step.kind, "subject": step.subject,
                            "due_at": step.due_at, "late_days": days})
        notify(owner_members(step.contract),
               title=_("办理逾期：%(kind)s（%(title)s）") % {"kind": step.get_kind_display(),
                                                      "title": step.contract.job.title},
               body=_("%(subject)s 的办理期限 %(due)s 已过。业主逾期的工作日不计入中介机构的服务时限，"
                      "并在业主的公开履约记录中显示，计入信用记录。")
               % {"subject": step.subject, "due": timezone.localtime(step.due_at).strftime("%Y-%m-%d %H:%M")},
               link=link(step.contract))
    return True
