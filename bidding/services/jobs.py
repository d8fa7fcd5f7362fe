"""Announcements (采购公告) on the owner's side: drafts, publication with its checks, cancellation
and one-click re-announcement.

Who may act: every member of the owner organisation, admins and operators alike. An operator
(经办人) is the person who actually runs the purchase; the admin role only adds the power to
manage members. Each action is audited with the acting person, so the split of duties stays
visible without stopping the work.

`data` for job_create/job_update is a dict with any of JOB_FIELDS plus
  required_qualifications  iterable of QualificationType (replaces the set),
  avoidances               list of {"agency": Organisation, "reason": str} (replaces the list),
  attachments              uploaded files to add (content-checked by core.uploads),
  remove_attachments       ids of this job's attachments to remove.
Drafts may be incomplete; everything the announcement promises is checked at publication.
"""
import datetime
import posixpath
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record, snapshot
from core.errors import DomainError
from core.notifications import notify
from core.workdays import calendar_from_db
from marketplace.fees import fee_range, plain
from core import uploads
from providers.access import is_member, member_groups
from providers.models import Organisation

from .. import draw, states
from ..errors import (
    AlreadyReannounced,
    AvoidanceNotAgency,
    AvoidanceReasonRequired,
    CancelReasonRequired,
    CloseTimeMissing,
    DiscountNeedsGovernmentPrice,
    ItemNotInCatalogue,
    JobNotEditable,
    NotAllowed,
    NotAnOwner,
    NotReannounceable,
    PriceMissingForJob,
    PriceOutsideFeeRule,
    PublicationRefused,
    QualificationNotRequiredByLaw,
    RestrictiveRequirement,
    ServiceDaysTooLong,
    TooManyAttachments,
    WeightsInvalid,
    WindowTooShort,
)
from ..integrity import find_violations
from ..models import Bid, Job, JobAttachment, JobAvoidance
from .clock import apply_due
from .publicity import public_link

SHANGHAI = ZoneInfo("Asia/Shanghai")
JOB_FIELDS = (
    "item", "title", "project_code", "description", "requirements", "fiscal_funds", "budget",
    "ceiling_price", "fee_quantity", "selection_method", "price_mode", "weights", "service_days",
    "closes_at",
)
# What a re-announcement copies: the whole announcement except its window.
COPIED_FIELDS = tuple(name for name in JOB_FIELDS if name != "closes_at")
AUDIT_FIELDS = (
    "status", "item_id", "title", "project_code", "description", "requirements", "fiscal_funds",
    "budget", "ceiling_price", "fee_quantity", "selection_method", "price_mode", "weights",
    "service_days", "closes_at", "published_at", "draw_commitment", "ended_at", "end_reason",
)  # never the draw seed: it stays secret until the draw
WEIGHT_KEYS = ("price", "credit", "rating", "plan")
FREE_TEXT = (("title", "项目名称"), ("description", "服务内容"), ("requirements", "其他要求"))
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


def _extra_qualifications(item, chosen):
    """The chosen qualifications the law does not require for `item`, by name."""
    legal = set(item.required_qualifications.values_list("pk", flat=True))
    return sorted(q.name for q in chosen if q.pk not in legal)


def _qualification_error(extra):
    return QualificationNotRequiredByLaw(
        _("资质要求“%(names)s”不是该事项法定要求的资质：只能从法定资质中选择（零门槛、零限制）。")
        % {"names": "”“".join(extra)},
        field="required_qualifications",
    )


def _check_avoidances(avoidances):
    for row in avoidances:
        agency = row["agency"]
        if agency.kind != Organisation.Kind.AGENCY:
            raise AvoidanceNotAgency(field="avoidances")
        if not (row.get("reason") or "").strip():
            raise AvoidanceReasonRequired(
                _("回避机构“%(name)s”须写明回避理由（利益冲突的具体情形）。") % {"name": agency.name},
                field="avoidances",
            )


def _check_draft(job, data):
    """What even a draft may not hold: a crafted form must not smuggle these in."""
    if "required_qualifications" in data:
        extra = _extra_qualifications(job.item, data["required_qualifications"])
        if extra:
            raise _qualification_error(extra)
    if "avoidances" in data:
        _check_avoidances(data["avoidances"])
    if data.get("attachments"):
        kept = job.attachments.exclude(pk__in=data.get("remove_attachments") or []).count() if job.pk else 0
        if kept + len(data["attachments"]) > MAX_ATTACHMENTS:
            raise TooManyAttachments(
                _("每个公告最多 %(n)d 个附件。") % {"n": MAX_ATTACHMENTS}, field="attachments"
            )


def _store_attachments(job, files):
    """Inspect and store each file; returns a function removing them again if the change fails."""
    stored = []
    for upload in files:
        original = (upload.name or "")[:200]
        uploads.prepare(upload, field="attachments")
        attachment = JobAttachment(job=job, name=original or upload.name)
        attachment.file.save(upload.name, upload, save=True)
        stored.append((attachment.file.storage, attachment.file.name))
    return lambda: [storage.delete(name) for storage, name in stored]


def _remove_attachments(job, ids):
    doomed = list(job.attachments.filter(pk__in=ids))
    for attachment in doomed:
        storage, name = attachment.file.storage, attachment.file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        attachment.delete()


def _apply_relations(job, data):
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
        return _store_attachments(job, data["attachments"])
    return None


@transaction.atomic
def job_create(*, actor, owner, data) -> Job:
    _require_member(actor, owner)
    job = Job(owner=owner, created_by=actor, status=Job.Status.DRAFT)
    _apply_fields(job, data)
    _check_draft(job, data)
    job.save()
    discard = None
    try:
        discard = _apply_relations(job, data)
        audit_record(actor=actor, action="job.create", obj=job, after=_summary(job))
    except Exception:
        if discard:
            discard()
        raise
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
    discard = None
    try:
        discard = _apply_relations(job, data)
        audit_record(actor=actor, action="job.update", obj=job, before=before, after=_summary(job))
    except Exception:
        if discard:
            discard()
        raise
    return job


# --- publication ---------------------------------------------------------------------------

def earliest_close_date(now, calendar=None):
    """The first date the window may close on: REGISTRATION_MIN_WORKING_DAYS working days after
    the day of publication (that day itself not counted)."""
    calendar = calendar or calendar_from_db()
    today = timezone.localtime(now, SHANGHAI).date()
    return calendar.add_working_days(today, settings.REGISTRATION_MIN_WORKING_DAYS)


def _date_label(day):
    # A translatable date format: "l" is the weekday's name in the reader's language.
    return date_format(day, _("Y年n月j日（l）"))


def _window_problems(job, now, calendar):
    if job.closes_at is None:
        return [CloseTimeMissing(field="closes_at")]
    earliest = earliest_close_date(now, calendar)
    if timezone.localtime(job.closes_at, SHANGHAI).date() < earliest:
        return [WindowTooShort(
            _("报名截止时间过早：报名时间不得少于 %(days)d 个工作日，截止日期最早为 %(date)s。")
            % {"days": settings.REGISTRATION_MIN_WORKING_DAYS, "date": _date_label(earliest)},
            field="closes_at",
        )]
    return []


def _amount_label(name):
    return _("最高限价") if name == "ceiling_price" else _("预算金额")


def _price_problems(job):
    problems = []
    rule = job.item.government_fee_rule
    if job.price_mode == Job.PriceMode.DISCOUNT and rule is None:
        problems.append(DiscountNeedsGovernmentPrice(field="price_mode"))
    if job.budget is None and job.ceiling_price is None:
        problems.append(PriceMissingForJob(field="ceiling_price"))
    elif job.budget is not None and job.ceiling_price is not None and job.ceiling_price > job.budget:
        problems.append(PriceOutsideFeeRule(
            _("最高限价 %(ceiling)s 元不能高于预算金额 %(budget)s 元。")
            % {"ceiling": plain(job.ceiling_price), "budget": plain(job.budget)},
            field="ceiling_price",
        ))
    if rule is not None:
        problems += _fee_rule_problems(job, rule)
    return problems


def _fee_rule_problems(job, rule):
    if job.fee_quantity is None:
        return [PriceOutsideFeeRule(
            _("该事项实行政府定价或指导价，须填写计费基数（%(label)s，单位：%(unit)s）。")
            % {"label": rule.quantity_label, "unit": rule.quantity_unit},
            field="fee_quantity",
        )]
    try:
        low, high = fee_range(rule, job.fee_quantity)
    except DomainError as error:
        return [PriceOutsideFeeRule(str(error), field="fee_quantity")]
    # The ceiling is what bids are held to; without one the budget stands in for it.
    name = "ceiling_price" if job.ceiling_price is not None else "budget"
    amount = getattr(job, name)
    if amount is None or low <= amount <= high:
        return []
    return [PriceOutsideFeeRule(
        _("%(label)s %(amount)s 元不在收费标准允许的范围内：按计费基数 %(quantity)s %(unit)s，"
          "收费标准允许 %(low)s～%(high)s 元。")
        % {"label": _amount_label(name), "amount": plain(amount), "quantity": plain(job.fee_quantity),
           "unit": rule.quantity_unit, "low": plain(low), "high": plain(high)},
        field=name,
    )]


def _integrity_problems(job):
    problems = []
    extra = _extra_qualifications(job.item, job.required_qualifications.all())
    if extra:
        problems.append(_qualification_error(extra))
    # What the law requires may be written out; anything beyond it may not (bidding/integrity.py).
    law_required = [q.name for q in job.item.required_qualifications.all()]
    for name, label in FREE_TEXT:
        for violation in find_violations(getattr(job, name), law_required=law_required):
            problems.append(RestrictiveRequirement(
                _("%(field)s中的“%(phrase)s”不允许：%(rule)s")
                % {"field": _(label), "phrase": violation.phrase, "rule": violation.rule},
                field=name,
            ))
    for avoidance in job.avoidances.select_related("agency"):
        if not avoidance.reason.strip():
            problems.append(AvoidanceReasonRequired(
                _("回避机构“%(name)s”须写明回避理由（利益冲突的具体情形）。") % {"name": avoidance.agency.name},
                field="avoidances",
            ))
    return problems


def weights_problem(method, weights):
    """None, or the error for comprehensive-scoring weights that are not four non-negative
    whole numbers (price, credit, rating, plan) summing to 100."""
    if method != Job.Method.SCORING:
        return None
    weights = weights if isinstance(weights, dict) else {}
    values = [weights.get(key) for key in WEIGHT_KEYS]
    whole = all(isinstance(value, int) and not isinstance(value, bool) and value >= 0 for value in values)
    if set(weights) == set(WEIGHT_KEYS) and whole and sum(values) == 100:
        return None
    total = sum(value for value in values if isinstance(value, int) and not isinstance(value, bool))
    return WeightsInvalid(
        _("综合评分须公布价格、信用、评价、方案四项权重，每项为不小于 0 的整数，合计 100（当前合计 %(total)d）。")
        % {"total": total},
        field="weights",
    )


def publication_problems(job, *, now=None, calendar=None):
    """Every reason `job` cannot be published now, as named errors (empty when it can be)."""
    now = now or timezone.now()
    problems = []
    if not job.item.is_active:
        problems.append(ItemNotInCatalogue(field="item"))
    problems += _window_problems(job, now, calendar or calendar_from_db())
    problems += _price_problems(job)
    problems += _integrity_problems(job)
    weights = weights_problem(job.selection_method, job.weights)
    if weights:
        problems.append(weights)
    if job.service_days > job.item.statutory_days:
        problems.append(ServiceDaysTooLong(
            _("要求服务时限 %(days)d 个工作日超过该事项的法定服务时限 %(limit)d 个工作日。")
            % {"days": job.service_days, "limit": job.item.statutory_days},
            field="service_days",
        ))
    return problems


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
    audit_record(actor=actor, action="job.publish", obj=job, before=before, after=snapshot(job, AUDIT_FIELDS))
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
    audit_record(actor=actor, action="job.cancel", obj=job, before=before, after=snapshot(job, AUDIT_FIELDS))
    _notify_bidders_of_cancel(job)
    return job


def default_close(now, previous_close=None, calendar=None):
    """The earliest allowed close, at the old announcement's time of day (17:00 without one)."""
    day = earliest_close_date(now, calendar)
    moment = timezone.localtime(previous_close, SHANGHAI).time() if previous_close else DEFAULT_CLOSE_TIME
    return datetime.datetime.combine(day, moment.replace(microsecond=0), tzinfo=SHANGHAI)


def _copy_attachments(old, new):
    stored = []
    for attachment in old.attachments.all():
        extension = posixpath.splitext(attachment.file.name)[1]
        with attachment.file.open("rb") as handle:
            # A fresh random name: the two jobs' files live and die separately.
            name = attachment.file.storage.save(
                attachment.file.field.generate_filename(new, uuid.uuid4().hex + extension), handle
            )
        JobAttachment.objects.create(job=new, name=attachment.name, file=name)
        stored.append((attachment.file.storage, name))
    return lambda: [storage.delete(name) for storage, name in stored]


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
    discard = _copy_attachments(old, new)
    try:
        audit_record(actor=actor, action="job.reannounce", obj=new,
                     before={"reannounced_from": old.pk}, after=_summary(new))
    except Exception:
        discard()
        raise
    return new
