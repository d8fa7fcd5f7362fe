"""Agencies' bids (报名/报价): submit, change, withdraw — only while the window is open.

A bid counts at the moment the server received the request (core.clock.received_at), stamped
before it waited for anything: it is kept if that moment was before the close and it is
processed within a short grace after the close (bidding.states.accepts_bid_received_at), and
refused otherwise, however many arrive at once. Everything that needs no lock is done first —
membership, the agency's standing and qualifications, the price rules, the promised time, the
attachments' content checks and storage — and the job's row lock is held only for the final
check of the window, the duplicate check and the insert (with its audit entry and notice), so
last-second bids queue behind each other for the insert only, not for whole submissions.

Bids are sealed: the audit log (readable by platform staff) records only the receipt number and
the agency, never the price or the plan, and every message speaks only to the bid's own author.
"""
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.context import current_ip
from audit.services import audit_record
from core import uploads
from core.clock import received_at
from core.errors import NotAllowed
from core.notifications import notify
from providers.access import is_member
from providers.models import Organisation

from .. import draw, errors, states
from ..eligibility import bid_refusal, capacity_refusal, price_refusal, promised_days_refusal
from ..models import Bid, BidAttachment, Job, JobEntryValue
from ..selectors.beacon import with_random_value_note
from ..selectors.benchmarks import justification_refusal

MAX_ATTACHMENTS = 5


def _require_member(actor, agency):
    if not is_member(actor, agency.pk):
        raise NotAllowed()


def _jobs():
    return Job.objects.select_related("item__fee_rule", "item__approving_department__region")


def _lock_job(job_id):
    return _jobs().select_for_update(of=("self",)).get(pk=job_id)


def _require_open(job, received, now):
    """The window rule for a request received at `received` and processed at `now`: checked
    once before the lock (a late bid is refused before its files are stored) and again under it."""
    if states.accepts_bid_received_at(job, received, now):
        return
    if not states.close_due(job, now):
        raise errors.JobNotOpen()
    raise errors.BidWindowClosed(_("报名已于 %(when)s 截止。") % {
        "when": date_format(timezone.localtime(job.closes_at), "Y-m-d H:i:s")})


def _quote(job, data):
    """(price, discount_rate) as the job's price mode asks, after the price checks."""
    if job.price_mode == Job.PriceMode.DISCOUNT:
        price, rate, field = None, data.get("discount_rate"), "discount_rate"
    else:
        price, rate, field = data.get("price"), None, "price"
    refusal = price_refusal(job, price=price, discount_rate=rate)
    if refusal:
        raise errors.BidPriceRefused(refusal, field=field)
    refusal = justification_refusal(job, price=price, discount_rate=rate,
                                    justification=data.get("benchmark_justification"))
    if refusal:
        raise errors.BenchmarkJustificationRequired(refusal, field="benchmark_justification")
    return price, rate


def _promised_days(job, data):
    days = data.get("promised_days")
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        raise errors.PromisedDaysInvalid(field="promised_days")
    refusal = promised_days_refusal(job, days)
    if refusal:
        raise errors.PromisedDaysTooLong(refusal, field="promised_days")
    return days


def _check_agency(agency, job, now, *, new=False):
    # Capacity is judged when a bid is made, not when it is changed (eligibility.capacity_refusal).
    refusal = bid_refusal(agency, job, at=now) or (capacity_refusal(agency, job) if new else None)
    if refusal:
        raise errors.AgencyMayNotBid(refusal)


def _attachments(data):
    return [f for f in (data.get("attachments") or []) if f]


def _check_attachment_count(kept, files):
    if kept + len(files) > MAX_ATTACHMENTS:
        raise errors.TooManyAttachments(
            _("每份报名最多 %(count)s 个附件。") % {"count": MAX_ATTACHMENTS}, field="attachments")


def _new_receipt_number(now):
    return "BJ" + timezone.localtime(now).strftime("%Y%m%d") + secrets.token_hex(5).upper()


def _receipt_link(bid):
    return reverse("bidding:bid_receipt", args=[bid.pk])


def _audit(actor, action, bid):
    # Sealed: nothing of the quote or plan goes into the log before the close.
    audit_record(actor=actor, action=action, obj=bid,
                 after={"receipt_number": bid.receipt_number, "agency": bid.agency.name})


def _entry_value(job, agency, now):
    """The agency's random value for the job: made at its first submission, then the same for
    every later one (after a withdrawal too), so bidding again never gives another chance in
    the draw. Unique within the job (JobEntryValue's constraints)."""
    entry = JobEntryValue.objects.filter(job=job, agency=agency).first()
    if entry is None:
        entry = JobEntryValue.objects.create(job=job, agency=agency, value=draw.new_entry_value(), created_at=now)
    return entry.value


def _existing_live(job, agency):
    return Bid.objects.filter(job=job, agency=agency).exclude(status=Bid.Status.WITHDRAWN).first()


def bid_submit(*, actor, agency, job, data) -> Bid:
    # Not one transaction from the start: the checks below read without locking, and the job's
    # lock is taken only for the final check and insert.
    received = received_at()
    _require_member(actor, agency)
    # Judge the agency as it stands now, not as the caller loaded it: a regulator may have
    # suspended it a moment ago. (A change in the milliseconds before the lock is caught by the
    # close, which judges every bid again.)
    agency = Organisation.objects.get(pk=agency.pk)
    job = _jobs().get(pk=job.pk)
    _require_open(job, received, timezone.now())
    _check_agency(agency, job, received, new=True)
    price, rate = _quote(job, data)
    days = _promised_days(job, data)
    if _existing_live(job, agency):
        raise errors.DuplicateBid()  # before storing any file; judged again under the lock
    files = _attachments(data)
    _check_attachment_count(0, files)
    with uploads.removed_on_failure() as keep:
        rows = uploads.store(keep, BidAttachment, files, field="attachments", uploaded_by=actor)
        with transaction.atomic():
            job = _lock_job(job.pk)
            _require_open(job, received, timezone.now())
            if _existing_live(job, agency):
                raise errors.DuplicateBid()
            # The receipt's time is when the server received the bid: what the receipt promises
            # the agency (it was in before the close), not when its turn for the lock came.
            bid = Bid(
                job=job, agency=agency, submitted_by=actor, price=price, discount_rate=rate, promised_days=days,
                plan=(data.get("plan") or "").strip(),
                benchmark_justification=(data.get("benchmark_justification") or "").strip(),
                random_value=_entry_value(job, agency, received),
                receipt_number=_new_receipt_number(received), status=Bid.Status.LIVE,
                submitted_at=received, updated_at=received, ip=current_ip(),
            )
            try:
                with transaction.atomic():
                    bid.save()
            except IntegrityError:
                # bid_one_live_per_agency: the lock on the job makes this rare; the database has the last word.
                raise errors.DuplicateBid() from None
            _save_rows(rows, bid)
            _audit(actor, Action.BID_SUBMIT, bid)
            body = _("您已为“%(agency)s”对“%(job)s”报名。回执编号：%(number)s；随机值：%(value)s。") % {
                "agency": agency.name, "job": job.title, "number": bid.receipt_number, "value": bid.random_value}
            notify([actor], title=_("[中介超市] 报名回执 %(number)s") % {"number": bid.receipt_number},
                   body=with_random_value_note(body, job),  # no note where the method never draws
                   link=_receipt_link(bid))
    return bid


def _save_rows(rows, bid):
    for row in rows:
        row.bid = bid
        row.save()


def _lock_bid(bid):
    """Lock the job first (the close takes the same order), then the bid."""
    job = _lock_job(bid.job_id)
    locked = Bid.objects.select_for_update().select_related("agency").get(pk=bid.pk)
    locked.job = job
    return locked


def _live_bid(bid, received):
    """The agency's live bid, locked, if the request received at `received` may still change it
    (else the refusal that says why)."""
    bid = _lock_bid(bid)
    _require_open(bid.job, received, timezone.now())
    if bid.status != Bid.Status.LIVE:
        raise errors.BidNotLive()
    return bid


def bid_update(*, actor, bid, data) -> Bid:
    # As bid_submit: the checks first, without locks; the job's and the bid's locks only for
    # the final check and the update.
    received = received_at()
    _require_member(actor, bid.agency)
    job = _jobs().get(pk=bid.job_id)
    _require_open(job, received, timezone.now())
    if bid.status != Bid.Status.LIVE:
        raise errors.BidNotLive()
    _check_agency(Organisation.objects.get(pk=bid.agency_id), job, received)
    price, rate = _quote(job, data)
    days = _promised_days(job, data)
    files = _attachments(data)
    _check_attachment_count(bid.attachments.count(), files)
    with uploads.removed_on_failure() as keep:
        rows = uploads.store(keep, BidAttachment, files, field="attachments", uploaded_by=actor)
        with transaction.atomic():
            bid = _live_bid(bid, received)
            _check_attachment_count(bid.attachments.count(), files)  # again: a change may have added some
            bid.price, bid.discount_rate, bid.promised_days = price, rate, days
            bid.plan = (data.get("plan") or "").strip()
            bid.benchmark_justification = (data.get("benchmark_justification") or "").strip()
            bid.updated_at = received
            bid.ip = current_ip()
            bid.save(update_fields=["price", "discount_rate", "promised_days", "plan", "benchmark_justification",
                                    "updated_at", "ip"])
            _save_rows(rows, bid)
            _audit(actor, Action.BID_UPDATE, bid)
            notify([actor], title=_("[中介超市] 报名已修改 %(number)s") % {"number": bid.receipt_number},
                   body=_("您对“%(job)s”的报名已修改，回执编号与随机值不变。") % {"job": bid.job.title},
                   link=_receipt_link(bid))
    return bid


@transaction.atomic
def bid_withdraw(*, actor, bid) -> Bid:
    received = received_at()
    _require_member(actor, bid.agency)
    bid = _live_bid(bid, received)
    bid.status = Bid.Status.WITHDRAWN
    bid.withdrawn_at = received
    bid.updated_at = received
    bid.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _audit(actor, Action.BID_WITHDRAW, bid)
    notify([actor], title=_("[中介超市] 报名已撤回 %(number)s") % {"number": bid.receipt_number},
           body=_("您对“%(job)s”的报名已撤回。截止前可以重新报名。") % {"job": bid.job.title},
           link=_receipt_link(bid))
    return bid
