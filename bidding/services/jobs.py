"""Announcements (采购公告) on the owner's side: drafts, publication, cancellation and one-click
re-announcement. What a publication must satisfy is in bidding/publication.py.

Who may act: every member of the owner organisation, admins and operators alike. An operator
(经办人) is the person who actually runs the purchase; the admin role only adds the power to
manage members. Each action is audited with the acting person, so the split of duties stays
visible without stopping the work.

`data` for job_create/job_update is a dict with any of JOB_FIELDS plus
  required_qualifications  iterable of QualificationType (replaces the set),
  avoidances               list of {"agency": Organisation, "reason": str} (replaces the list),
  attachments              uploaded files to add (content-checked and stored by core.uploads),
  remove_attachments       ids of this job's attachments to remove.
Drafts may be incomplete; everything the announcement promises is checked at publication.
"""
import datetime
import posixpath
import uuid
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record, snapshot
from core import uploads
from core.notifications import notify
from providers.access import is_member, member_groups
from providers.models import Organisation

from .. import draw, states
from ..errors import (
    AlreadyReannounced,
    CancelReasonRequired,
    JobNotEditable,
    NotAllowed,
    NotAnOwner,
    NotReannounceable,
    PublicationRefused,
    TooManyAttachments,
)
from ..method_params import DEFAULTS as PARAM_DEFAULTS
from ..models import Bid, Job, JobAttachment, JobAvoidance
from ..publication import avoidance_problems, earliest_close_date, publication_problems, qualification_problem
from .clock import apply_due
from .publicity import public_link

SHANGHAI = ZoneInfo("Asia/Shanghai")
JOB_FIELDS = (
    "item", "title", "project_code", "description", "requirements", "fiscal_funds", "budget",
    "ceiling_price", "fee_quantity", "selection_method", "price_mode", "weights", "method_params",
    "service_days", "closes_at",
)
# What a re-announcement copies: the whole announcement except its window.
COPIED_FIELDS = tuple(name for name in JOB_FIELDS if name != "closes_at")
AUDIT_FIELDS = (
    "status", "item_id", "title", "project_code", "description", "requirements", "fiscal_funds",
    "budget", "ceiling_price", "fee_quantity", "selection_method", "price_mode", "weights",
    "method_params", "service_days", "closes_at", "published_at", "draw_commitment", "ended_at", "end_reason",
)  # never the draw seed: it stays secret until the draw
MAX_ATTACHMENTS = 10
DEFAULT_CLOSE_TIME = datetime.time(17, 0)


# --- permission ----------------------------------------------------------------------------

def _require_member(actor, owner):
    if not is_member(actor, owner.pk):
        raise NotAllowed()
    if owner.kind != Organisation.Kind.OWNER:
        raise NotAnOwner()


def _locked(job):
    return Job.objects.select_for_update().select_related("owner", "item").get(pk=job.pk)


# --- drafts --------------------------------------------------------------------------------

def _summary(job):
    return {
        **snapshot(job, AUDIT_FIELDS),
        "required_qualifications": sorted(job.required_qualifications.values_list("pk", flat=True)),
        "avoidances": list(job.avoidances.order_by("agency_id").values_list("agency_id", "reason")),
        "attachments": list(job.attachments.order_by("pk").values_list("name", flat=True)),
    }


def _apply_fields(job, data):
    for name in JOB_FIELDS:
        if name in data:
            value = data[name]
            if name in ("title", "project_code", "description", "requirements"):
                value = (value or "").strip()
            setattr(job, name, value)
    if job.selection_method != Job.Method.SCORING:
        job.weights = {}  # only comprehensive scoring publishes weights
    job.weights = job.weights or {}
    # Only the chosen method's parameters are published (bidding/method_params.py).
    own = PARAM_DEFAULTS.get(job.selection_method, {})
    params = job.method_params if isinstance(job.method_params, dict) else {}
    job.method_params = {key: value for key, value in params.items() if key in own}


def _check_draft(job, data):
    """What even a draft may not hold: a crafted form must not smuggle these in."""
    if "required_qualifications" in data:
        problem = qualification_problem(job.item, data["required_qualifications"])
        if problem:
            raise problem
    if "avoidances" in data:
        problems = avoidance_problems(data["avoidances"])
        if problems:
            raise problems[0]
    if data.get("attachments"):
        kept = job.attachments.exclude(pk__in=data.get("remove_attachments") or []).count() if job.pk else 0
        if kept + len(data["attachments"]) > MAX_ATTACHMENTS:
            raise TooManyAttachments(
                _("每个公告最多 %(n)d 个附件。") % {"n": MAX_ATTACHMENTS}, field="attachments"
            )


def _remove_attachments(job, ids):
    doomed = list(job.attachments.filter(pk__in=ids))
    for attachment in doomed:
        storage, name = attachment.file.storage, attachment.file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        attachment.delete()


def _apply_relations(job, data, *, actor, keep):
    if "required_qualifications" in data:
        job.required_qualifications.set(list(data["required_qualifications"]))
    if "avoidances" in data:
        job.avoidances.all().delete()
        JobAvoidance.objects.bulk_create(
            [JobAvoidance(job=job, agency=row["agency"], reason=row["reason"].strip())
             for row in {row["agency"].pk: row for row in data["avoidances"]}.values()]
        )
    if data.get("remove_attachments"):
        _remove_attachments(job, data["remove_attachments"])
    if data.get("attachments"):
        uploads.attach(keep, JobAttachment, data["attachments"], field="attachments", job=job, uploaded_by=actor)


@transaction.atomic
def job_create(*, actor, owner, data) -> Job:
    _require_member(actor, owner)
    job = Job(owner=owner, created_by=actor, status=Job.Status.DRAFT)
    _apply_fields(job, data)
    _check_draft(job, data)
    job.save()
    with uploads.removed_on_failure() as keep:
        _apply_relations(job, data, actor=actor, keep=keep)
        audit_record(actor=actor, action=Action.JOB_CREATE, obj=job, after=_summary(job))
    return job


@transaction.atomic
def job_update(*, actor, job, data) -> Job:
    job = _locked(job)
    _require_member(actor, job.owner)
    if job.status != Job.Status.DRAFT:
        raise JobNotEditable()
    before = _summary(job)
    _apply_fields(job, data)
    _check_draft(job, data)
    job.save()
    with uploads.removed_on_failure() as keep:
        _apply_relations(job, data, actor=actor, keep=keep)
        audit_record(actor=actor, action=Action.JOB_UPDATE, obj=job, before=before, after=_summary(job))
    return job


# --- publication (the rules: bidding/publication.py) -------------------------------------

def _notify_item_agencies(job):
    offering = (
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY, services__item=job.item)
        .exclude(pk__in=job.avoidances.values("agency_id"))
        .values_list("pk", flat=True)
    )
    closes = timezone.localtime(job.closes_at, SHANGHAI).strftime("%Y-%m-%d %H:%M")
    for users in member_groups(list(offering)):
        notify(
            users,
            title=_("新的采购公告：%(title)s") % {"title": job.title},
            body=_("贵机构提供的服务事项“%(item)s”有新的采购公告“%(title)s”（%(owner)s），报名截止时间 %(closes)s。")
            % {"item": job.item.name, "title": job.title, "owner": job.owner.name, "closes": closes},
            link=public_link(job),
        )


@transaction.atomic
def job_publish(*, actor, job) -> Job:
    job = _locked(job)
    _require_member(actor, job.owner)
    if not states.allowed(job, "publish"):
        states.move(job, "publish")  # raises InvalidTransition naming the current status
    now = timezone.now()
    problems = publication_problems(job, now=now)
    if problems:
        raise PublicationRefused(problems)
    before = snapshot(job, AUDIT_FIELDS)
    states.move(job, "publish")
    # The seed is fixed (and its hash published) before any bid; it leaves the server only at the draw.
    job.draw_seed = draw.new_seed()
    job.draw_commitment = draw.commitment(job.draw_seed)
    job.published_at = now
    job.save(update_fields=["status", "draw_seed", "draw_commitment", "published_at", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_PUBLISH, obj=job, before=before, after=snapshot(job, AUDIT_FIELDS))
    _notify_item_agencies(job)
    return job


# --- cancellation and re-announcement ------------------------------------------------------

def _notify_bidders_of_cancel(job):
    agency_ids = set(
        Bid.objects.filter(job=job).exclude(status=Bid.Status.WITHDRAWN).values_list("agency_id", flat=True)
    )
    for users in member_groups(agency_ids):
        notify(
            users,
            title=_("采购公告已撤销：%(title)s") % {"title": job.title},
            body=_("贵机构已报名的项目“%(title)s”已由业主撤销。撤销原因：%(reason)s")
            % {"title": job.title, "reason": job.end_reason},
            link=public_link(job),
        )


@transaction.atomic
def job_cancel(*, actor, job, reason) -> Job:
    apply_due(job.pk)  # a window that has passed closes first: its bids were in before the cancel
    job = _locked(job)
    _require_member(actor, job.owner)
    reason = (reason or "").strip()
    if not reason:
        raise CancelReasonRequired(field="reason")
    before = snapshot(job, AUDIT_FIELDS)
    states.move(job, "cancel")
    job.ended_at = timezone.now()
    job.end_reason = reason
    job.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    audit_record(actor=actor, action=Action.JOB_CANCEL, obj=job, before=before, after=snapshot(job, AUDIT_FIELDS))
    _notify_bidders_of_cancel(job)
    return job


def default_close(now, previous_close=None, calendar=None):
    """The earliest allowed close, at the old announcement's time of day (17:00 without one)."""
    day = earliest_close_date(now, calendar)
    moment = timezone.localtime(previous_close, SHANGHAI).time() if previous_close else DEFAULT_CLOSE_TIME
    return datetime.datetime.combine(day, moment.replace(microsecond=0), tzinfo=SHANGHAI)


def _copy_attachments(old, new, keep):
    """The old job's files, copied under fresh random names: the two jobs' files live and die
    separately."""
    for attachment in old.attachments.all():
        extension = posixpath.splitext(attachment.file.name)[1]
        copy = JobAttachment(job=new, name=attachment.name, uploaded_by_id=attachment.uploaded_by_id)
        with attachment.file.open("rb") as handle:
            copy.file.save(uuid.uuid4().hex + extension, handle, save=False)
        keep(copy.file)
        copy.save()


@transaction.atomic
def job_reannounce(*, actor, job) -> Job:
    old = _locked(job)
    _require_member(actor, old.owner)
    if not states.may_reannounce(old):
        raise AlreadyReannounced() if old.status in states.REANNOUNCEABLE else NotReannounceable()
    new = Job(owner=old.owner, created_by=actor, status=Job.Status.DRAFT, reannounced_from=old,
              closes_at=default_close(timezone.now(), old.closes_at),
              **{name: getattr(old, name) for name in COPIED_FIELDS})
    new.save()
    new.required_qualifications.set(old.required_qualifications.all())
    JobAvoidance.objects.bulk_create(
        [JobAvoidance(job=new, agency_id=a.agency_id, reason=a.reason) for a in old.avoidances.all()]
    )
    with uploads.removed_on_failure() as keep:
        _copy_attachments(old, new, keep)
        audit_record(actor=actor, action=Action.JOB_REANNOUNCE, obj=new,
                     before={"reannounced_from": old.pk}, after=_summary(new))
    return new
