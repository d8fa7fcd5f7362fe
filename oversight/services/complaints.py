"""Complaints (投诉举报): filing, taking, transferring, deciding, and the clock's reminders and
escalations. Each state change is one function here; the life of a complaint is the table in
oversight/complaint_rules.py.

- Anyone may file (logged in or not), named or anonymous, always with a contact for the answer;
  the complaint is routed (selectors.complaints.route_for) to the department whose regulators
  supervise the service item's category, else to the region's platform operator; the complainant
  gets the tracking number by e-mail (when they left one) and on the page.
- The answering department's regulators take, transfer or decide it. An upheld complaint holds an
  organisation responsible: its COMPLAINT_DECIDE audit entry makes the credit listener
  (reviews/credit/triggers.py) recompute that organisation's score.
- `advance_complaints` (run every minute by `manage.py advance_oversight`) reminds the department
  once when the deadline comes near and escalates once to the department's head after it.
"""
import logging
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from bidding.models import Job
from core import notifications, uploads
from core.notifications import absolute_url, notify
from core.workdays import calendar_from_db
from marketplace.models import ServiceItem
from providers.access import is_active_regulator, members_of
from providers.models import Department, Organisation

from .. import complaint_rules as rules
from ..errors.complaints import (
    ComplaintAgencyRequired,
    ComplaintContactRequired,
    ComplaintDecisionInvalid,
    ComplaintDetailsRequired,
    ComplaintEmailInvalid,
    ComplaintItemUnknown,
    ComplaintJobUnknown,
    ComplaintNameRequired,
    ComplaintNoDepartment,
    ComplaintNotHandler,
    ComplaintOutcomeRequired,
    ComplaintOwnerRequired,
    ComplaintPhoneInvalid,
    ComplaintResponsibleNotConcerned,
    ComplaintResponsibleRequired,
    ComplaintSubjectRequired,
    ComplaintSummaryRequired,
    ComplaintSummaryTooLong,
    ComplaintTooManyFiles,
    ComplaintTransferDepartmentUnknown,
    ComplaintTransferReasonRequired,
    ComplaintTransferSameDepartment,
)
from ..models import Complaint, ComplaintFile
from ..selectors import complaints as selectors

logger = logging.getLogger(__name__)
S = Complaint.Status
PHONE_CHARS = set("0123456789-+ ()")


def public_link(complaint):
    """The follow page (/complaints/<number>/)."""
    return reverse("oversight:complaint", args=[complaint.number])


def regulator_link(complaint):
    return reverse("oversight_regulator:complaint", args=[complaint.pk])


# --- filing ----------------------------------------------------------------------------------

def _text(value):
    return (value or "").strip()


def _pk(value):
    """An instance's pk, or the value itself when it is an id (as typed into a form)."""
    value = getattr(value, "pk", value)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # an id that is not a number names nothing


def _organisation(value, kind, error):
    pk = _pk(value)
    if pk is None:
        raise error(field=kind)
    organisation = Organisation.objects.filter(pk=pk, kind=kind).select_related("region").first()
    if organisation is None:
        raise error(field=kind)
    return organisation


def _job(value):
    """The job by instance or id; a draft (never public) is as unknown as an id that names nothing."""
    pk = _pk(value)
    if pk is None:
        return None
    job = (Job.objects.filter(pk=pk).exclude(status=Job.Status.DRAFT)
           .select_related("owner__region", "item", "winner").first())
    if job is None:
        raise ComplaintJobUnknown(field="job")
    return job


def _item(value):
    pk = _pk(value)
    if pk is None:
        return None
    item = ServiceItem.objects.filter(pk=pk).first()
    if item is None:
        raise ComplaintItemUnknown(field="item")
    return item


def _subject(about, agency, owner, job):
    """(agency, owner, job, region) of the complaint, or the refusal."""
    if about == Complaint.About.JOB:
        job = _job(job)
        if job is None:
            raise ComplaintJobUnknown(field="job")
        return None, None, job, job.owner.region
    if about == Complaint.About.AGENCY:
        agency = _organisation(agency, Organisation.Kind.AGENCY, ComplaintAgencyRequired)
        return agency, None, _job(job), agency.region
    if about == Complaint.About.OWNER:
        owner = _organisation(owner, Organisation.Kind.OWNER, ComplaintOwnerRequired)
        return None, owner, _job(job), owner.region
    raise ComplaintSubjectRequired(field="about")


def _contact(anonymous, name, phone, email):
    name, phone, email = _text(name), _text(phone), _text(email)
    if not anonymous and not name:
        raise ComplaintNameRequired(field="complainant_name")
    if not phone and not email:
        raise ComplaintContactRequired(field="contact_phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ComplaintEmailInvalid(field="contact_email") from None
        if len(email) > 254:
            raise ComplaintEmailInvalid(field="contact_email")
    if phone and (not set(phone) <= PHONE_CHARS or not 5 <= sum(c.isdigit() for c in phone) or len(phone) > 30):
        raise ComplaintPhoneInvalid(field="contact_phone")
    return ("" if anonymous else name[:50]), phone, email


def _new_number(now):
    return rules.number_for(now, "".join(secrets.choice(rules.NUMBER_ALPHABET) for _ in range(6)))


def _create(fields, now):
    """Insert with a fresh tracking number (another try in the rare case it is taken)."""
    for attempt in range(8):
        number = _new_number(now)
        try:
            with transaction.atomic():
                return Complaint.objects.create(number=number, **fields)
        except IntegrityError:
            if attempt == 7 or not Complaint.objects.filter(number=number).exists():
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def complaint_file(*, actor, about, agency=None, owner=None, job=None, item=None, summary, details, anonymous,
                   complainant_name="", contact_phone="", contact_email="", files=(), now=None):
    """File a complaint (anyone; `actor` may be an AnonymousUser). Returns the Complaint; every
    refusal (DomainError, uploads.UploadRefused) writes nothing, files included."""
    now = now or timezone.now()
    agency, owner, job, region = _subject(about, agency, owner, job)
    item = job.item if job is not None else _item(item)
    summary, details = _text(summary), _text(details)
    if not summary:
        raise ComplaintSummaryRequired(field="summary")
    if len(summary) > 100:
        raise ComplaintSummaryTooLong(field="summary")
    if not details:
        raise ComplaintDetailsRequired(field="details")
    anonymous = bool(anonymous)
    name, phone, email = _contact(anonymous, complainant_name, contact_phone, contact_email)
    files = [file for file in (files or ()) if file]
    if len(files) > rules.MAX_FILES:
        raise ComplaintTooManyFiles(field="files")
    department, routed_by = selectors.route_for(item=item, region_code=region.code)
    if department is None:
        raise ComplaintNoDepartment()
    filed_by = actor if getattr(actor, "is_authenticated", False) else None
    calendar = calendar_from_db()
    complaint = _create(dict(
        about=about, agency=agency, owner=owner, job=job, item=item, region=region, summary=summary,
        details=details, anonymous=anonymous, complainant_name=name, contact_phone=phone, contact_email=email,
        filed_by=filed_by, filed_at=now, department=department, routed_by=routed_by,
        due_at=rules.due_at(now, calendar),
    ), now)
    with uploads.removed_on_failure() as keep:
        attached = uploads.attach(keep, ComplaintFile, files, field="files", complaint=complaint,
                                  uploaded_by=filed_by)
        audit_record(actor=filed_by, action=Action.COMPLAINT_FILE, obj=complaint, after={
            "about": about, "agency": getattr(agency, "pk", None), "owner": getattr(owner, "pk", None),
            "job": getattr(job, "pk", None), "item": getattr(item, "pk", None), "region": region.code,
            "department": department.pk, "routed_by": routed_by, "anonymous": anonymous,
            "due_at": complaint.due_at, "files": len(attached),
        })
    due = timezone.localtime(complaint.due_at).strftime("%Y-%m-%d")
    notify(selectors.department_regulator_users(department.pk),
           title=_("收到投诉举报：%(summary)s") % {"summary": summary},
           body=_("受理编号 %(number)s，请于 %(due)s 前办结。") % {"number": complaint.number, "due": due},
           link=regulator_link(complaint))
    if email:
        _acknowledge(complaint, email, due)
    return complaint


def _acknowledge(complaint, email, due):
    title = _("投诉举报已受理（受理编号 %(number)s）") % {"number": complaint.number}
    body = _(
        "您的投诉举报“%(summary)s”已受理，受理编号 %(number)s，承办部门：%(department)s，办理期限：%(due)s。"
        "凭受理编号可随时查询办理进度和结果：%(link)s"
    ) % {"summary": complaint.summary, "number": complaint.number, "department": complaint.department,
         "due": due, "link": absolute_url(public_link(complaint))}
    transaction.on_commit(lambda: notifications.enqueue_email(title, body, [email]), robust=True)


# --- handling --------------------------------------------------------------------------------

def _lock(complaint):
    return (Complaint.objects.select_for_update(of=("self",))
            .select_related("department__region", "job", "region").get(pk=getattr(complaint, "pk", complaint)))


def _check_handler(actor, complaint):
    if not is_active_regulator(actor) or actor.regulator.department_id != complaint.department_id:
        raise ComplaintNotHandler()


@transaction.atomic
def complaint_take(*, actor, complaint, now=None):
    """A regulator of the answering department takes the case (received → handling)."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _check_handler(actor, complaint)
    old = rules.move(complaint, "take")
    complaint.handler, complaint.taken_at = actor, now
    complaint.save(update_fields=["status", "handler", "taken_at"])
    audit_record(actor=actor, action=Action.COMPLAINT_TAKE, obj=complaint, before={"status": old},
                 after={"status": complaint.status, "handler": actor.pk})
    return complaint


@transaction.atomic
def complaint_transfer(*, actor, complaint, department, reason, now=None):
    """Send the case to another department (it was misrouted): received again there, with the
    same deadline; the new department is told, and reminded and escalated afresh."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _check_handler(actor, complaint)
    target = Department.objects.filter(pk=_pk(department)).first() if _pk(department) else None
    if target is None:
        raise ComplaintTransferDepartmentUnknown(field="department")
    if target.pk == complaint.department_id:
        raise ComplaintTransferSameDepartment(field="department")
    reason = _text(reason)
    if not reason:
        raise ComplaintTransferReasonRequired(field="reason")
    before = {"status": complaint.status, "department": complaint.department_id, "handler": complaint.handler_id}
    previous = str(complaint.department)
    rules.move(complaint, "transfer")
    complaint.department, complaint.routed_by = target, rules.ROUTED_TRANSFER
    complaint.handler, complaint.taken_at = None, None
    complaint.reminded_at = complaint.escalated_at = None
    complaint.save(update_fields=["status", "department", "routed_by", "handler", "taken_at", "reminded_at",
                                  "escalated_at"])
    audit_record(actor=actor, action=Action.COMPLAINT_TRANSFER, obj=complaint, before=before,
                 after={"status": complaint.status, "department": target.pk, "reason": reason})
    due = timezone.localtime(complaint.due_at).strftime("%Y-%m-%d")
    notify(selectors.department_regulator_users(target.pk),
           title=_("转办投诉举报：%(summary)s") % {"summary": complaint.summary},
           body=_("受理编号 %(number)s，由%(from)s转来，理由：%(reason)s。办理期限 %(due)s。")
           % {"number": complaint.number, "from": previous,
              "reason": reason, "due": due},
           link=regulator_link(complaint))
    return complaint


@transaction.atomic
def complaint_decide(*, actor, complaint, status, outcome, responsible=None, now=None):
    """Close the case: upheld (with the organisation held responsible: a credit event), rejected
    or dismissed, with the outcome and reasons that are published."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _check_handler(actor, complaint)
    if status not in rules.DECISIONS:
        raise ComplaintDecisionInvalid(field="status")
    outcome = _text(outcome)
    if not outcome:
        raise ComplaintOutcomeRequired(field="outcome")
    responsible_org = None
    if status == S.UPHELD:
        if _pk(responsible) is None:
            raise ComplaintResponsibleRequired(field="responsible")
        allowed = {org.pk: org for org in selectors.responsible_choices(complaint)}
        responsible_org = allowed.get(_pk(responsible))
        if responsible_org is None:
            raise ComplaintResponsibleNotConcerned(field="responsible")
    old = rules.move(complaint, rules.DECISIONS[status])
    complaint.outcome, complaint.responsible = outcome, responsible_org
    complaint.decided_by, complaint.decided_at = actor, now
    complaint.save(update_fields=["status", "outcome", "responsible", "decided_by", "decided_at"])
    audit_record(actor=actor, action=Action.COMPLAINT_DECIDE, obj=complaint, before={"status": old},
                 after={"status": complaint.status, "outcome": outcome,
                        "responsible": getattr(responsible_org, "pk", None)})
    if complaint.contact_email:
        title = _("投诉举报已办结（受理编号 %(number)s）") % {"number": complaint.number}
        body = _("办理结果：%(status)s。\n%(outcome)s\n\n查询：%(link)s") % {
            "status": complaint.get_status_display(), "outcome": outcome,
            "link": absolute_url(public_link(complaint))}
        email = complaint.contact_email
        transaction.on_commit(lambda: notifications.enqueue_email(title, body, [email]), robust=True)
    if complaint.filed_by_id:
        notify([complaint.filed_by], title=_("投诉举报已办结（受理编号 %(number)s）") % {"number": complaint.number},
               body=complaint.get_status_display(), link=public_link(complaint), email=False)
    if responsible_org is not None:
        notify(members_of({responsible_org.pk}),
               title=_("投诉成立，计入信用记录：%(summary)s") % {"summary": complaint.summary},
               body=outcome, link=public_link(complaint))
    return complaint


# --- the clock -------------------------------------------------------------------------------

@transaction.atomic
def complaint_remind_if_due(complaint_id, *, now=None, calendar=None):
    """Remind the department's regulators once that the deadline is near. True if sent now."""
    now = now or timezone.now()
    calendar = calendar or calendar_from_db()
    complaint = _lock(complaint_id)
    if not rules.needs_reminder(complaint, now, calendar):
        return False
    complaint.reminded_at = now
    complaint.save(update_fields=["reminded_at"])
    users = selectors.department_regulator_users(complaint.department_id)
    due = timezone.localtime(complaint.due_at).strftime("%Y-%m-%d %H:%M")
    notify(users, title=_("投诉举报即将到期：%(summary)s") % {"summary": complaint.summary},
           body=_("受理编号 %(number)s 的办理期限为 %(due)s，请及时办结。") % {"number": complaint.number, "due": due},
           link=regulator_link(complaint))
    audit_record(actor=None, action=Action.COMPLAINT_REMIND, obj=complaint,
                 after={"reminded_at": now, "department": complaint.department_id, "notified": len(users)})
    return True


@transaction.atomic
def complaint_escalate_if_due(complaint_id, *, now=None):
    """Tell the department's head (or the platform operator's) once that the deadline passed."""
    now = now or timezone.now()
    complaint = _lock(complaint_id)
    if not rules.needs_escalation(complaint, now):
        return False
    complaint.escalated_at = now
    complaint.save(update_fields=["escalated_at"])
    heads = selectors.escalation_targets(complaint)
    due = timezone.localtime(complaint.due_at).strftime("%Y-%m-%d %H:%M")
    notify(heads, title=_("投诉举报超期未办结：%(summary)s") % {"summary": complaint.summary},
           body=_("受理编号 %(number)s（承办部门：%(department)s）的办理期限 %(due)s 已过，请督办。")
           % {"number": complaint.number, "department": complaint.department, "due": due},
           link=regulator_link(complaint))
    if not heads:
        logger.warning("complaint %s overdue: no department head or platform operator head to escalate to",
                       complaint.number)
    audit_record(actor=None, action=Action.COMPLAINT_ESCALATE, obj=complaint,
                 after={"escalated_at": now, "department": complaint.department_id,
                        "notified": [user.pk for user in heads]})
    return True


def advance_complaints(now=None):
    """The clock's steps: reminders, then escalations; each complaint in its own transaction, so
    one failure does not stop the others (it is logged and retried at the next run). Idempotent.
    Returns (reminded ids, escalated ids)."""
    now = now or timezone.now()
    calendar = calendar_from_db()
    reminded, escalated = [], []
    for pk in list(selectors.due_for_reminder(now, calendar).order_by("due_at", "pk").values_list("pk", flat=True)):
        try:
            if complaint_remind_if_due(pk, now=now, calendar=calendar):
                reminded.append(pk)
        except Exception:
            logger.exception("complaint %s: reminder failed", pk)
    for pk in list(selectors.due_for_escalation(now).order_by("due_at", "pk").values_list("pk", flat=True)):
        try:
            if complaint_escalate_if_due(pk, now=now):
                escalated.append(pk)
        except Exception:
            logger.exception("complaint %s: escalation failed", pk)
    return reminded, escalated
