"""Submit, change, withdraw until the close; one live bid per agency; the clock is the server's."""
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.actions import Action
from audit.context import reset_ip, set_ip
from audit.models import AuditEntry
from bidding import errors
from bidding.models import Bid, BidAttachment, JobEntryValue
from bidding.services.bids import bid_submit, bid_update, bid_withdraw
from core.errors import NotAllowed
from core.models import Notice
from core.uploads import UploadRefused
from tests.factories import BidFactory
from tests.writes import nothing_written, private_files

from .conftest import bid_data

pytestmark = pytest.mark.django_db


def test_a_second_live_bid_from_the_same_agency_is_refused(member, agency, job):
    first = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    with pytest.raises(errors.DuplicateBid) as caught, nothing_written(Bid):
        bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=Decimal("50000")))
    assert "不能重复报名" in str(caught.value)
    assert list(Bid.objects.values_list("pk", "price")) == [(first.pk, Decimal("60000"))]


def test_the_database_itself_refuses_a_second_live_bid(agency, job):
    BidFactory(job=job, agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        BidFactory(job=job, agency=agency)


def test_a_withdrawn_bid_can_be_followed_by_a_new_one(member, agency, job):
    first = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    bid_withdraw(actor=member, bid=first)
    second = bid_submit(actor=member, agency=agency, job=job, data=bid_data(price=Decimal("55000")))
    assert second.pk != first.pk and second.receipt_number != first.receipt_number
    # The random value stays the agency's first one (test_entry_value.py): bidding again buys no new chance.
    assert second.random_value == first.random_value
    assert dict(Bid.objects.values_list("pk", "status")) == {first.pk: "withdrawn", second.pk: "live"}


def test_a_bid_gets_a_receipt_a_random_value_and_the_client_ip(member, agency, job):
    token = set_ip("203.0.113.9")
    try:
        bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    finally:
        reset_ip(token)
    assert bid.receipt_number.startswith("BJ") and len(bid.random_value) == 32
    assert bid.ip == "203.0.113.9"
    notice = Notice.objects.get(user=member)
    assert bid.receipt_number in notice.title and bid.random_value in notice.body


def test_a_change_keeps_the_random_value_and_receipt(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    value, number = bid.random_value, bid.receipt_number
    bid_update(actor=member, bid=bid, data=bid_data(price=Decimal("52000"), promised_days=12, plan="新方案"))
    bid.refresh_from_db()
    assert (bid.price, bid.promised_days, bid.plan) == (Decimal("52000"), 12, "新方案")
    assert (bid.random_value, bid.receipt_number) == (value, number)


def test_a_change_is_checked_like_a_submission(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    with pytest.raises(errors.BidPriceRefused), nothing_written(Bid, BidAttachment):
        bid_update(actor=member, bid=bid, data=bid_data(price=Decimal("90000")))
    bid.refresh_from_db()
    assert bid.price == Decimal("60000")


def test_the_audit_log_never_holds_the_price_or_plan(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data(plan="独家技术路线甲"))
    bid_update(actor=member, bid=bid, data=bid_data(price=Decimal("51234"), plan="独家技术路线乙"))
    bid_withdraw(actor=member, bid=bid)
    entries = AuditEntry.objects.filter(action__in=[Action.BID_SUBMIT, Action.BID_UPDATE, Action.BID_WITHDRAW])
    assert [e.action for e in entries] == [Action.BID_SUBMIT, Action.BID_UPDATE, Action.BID_WITHDRAW]
    for entry in entries:
        text = f"{entry.object_repr} {entry.before} {entry.after}"
        assert "60000" not in text and "51234" not in text and "独家技术路线" not in text
        assert entry.after == {"receipt_number": bid.receipt_number, "agency": agency.name}


def test_a_bid_one_second_after_the_close_is_refused(member, agency, job):
    with time_machine.travel(job.closes_at - datetime.timedelta(seconds=1), tick=False):
        assert bid_submit(actor=member, agency=agency, job=job, data=bid_data()).pk
    other_member = _other_member()
    with time_machine.travel(job.closes_at + datetime.timedelta(seconds=1), tick=False):
        with pytest.raises(errors.BidWindowClosed) as caught, nothing_written(Bid):
            bid_submit(actor=other_member.user, agency=other_member.organisation, job=job, data=bid_data())
    assert str(caught.value) == "报名已于 %s 截止。" % timezone.localtime(job.closes_at).strftime("%Y-%m-%d %H:%M:%S")
    assert Bid.objects.count() == 1


def test_a_bid_exactly_at_the_close_is_refused(member, agency, job):
    with time_machine.travel(job.closes_at, tick=False):
        with pytest.raises(errors.BidWindowClosed), nothing_written(Bid):
            bid_submit(actor=member, agency=agency, job=job, data=bid_data())


def test_no_change_or_withdrawal_after_the_close(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    with time_machine.travel(job.closes_at + datetime.timedelta(seconds=1), tick=False):
        with pytest.raises(errors.BidWindowClosed), nothing_written(Bid):
            bid_update(actor=member, bid=bid, data=bid_data(price=Decimal("40000")))
        with pytest.raises(errors.BidWindowClosed), nothing_written(Bid):
            bid_withdraw(actor=member, bid=bid)
    bid.refresh_from_db()
    assert (bid.status, bid.price) == (Bid.Status.LIVE, Decimal("60000"))


def test_a_withdrawn_bid_cannot_be_changed_or_withdrawn_again(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    bid_withdraw(actor=member, bid=bid)
    with pytest.raises(errors.BidNotLive), nothing_written(Bid):
        bid_update(actor=member, bid=bid, data=bid_data())
    with pytest.raises(errors.BidNotLive), nothing_written(Bid):
        bid_withdraw(actor=member, bid=bid)
    bid.refresh_from_db()
    assert (bid.status, bid.price) == (Bid.Status.WITHDRAWN, Decimal("60000"))


def test_only_the_agencys_members_may_change_or_withdraw(member, agency, job, user):
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    with pytest.raises(NotAllowed), nothing_written(Bid):
        bid_update(actor=user, bid=bid, data=bid_data(price=Decimal("1000")))
    with pytest.raises(NotAllowed), nothing_written(Bid):
        bid_withdraw(actor=user, bid=bid)
    bid.refresh_from_db()
    assert (bid.status, bid.price) == (Bid.Status.LIVE, Decimal("60000"))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def a_good_and_a_bad_file():
    return [SimpleUploadedFile("服务方案.pdf", PDF), SimpleUploadedFile("资质.pdf", b"MZ not a pdf")]


def test_a_bid_keeps_its_files_with_who_uploaded_them(member, agency, job):
    bid = bid_submit(actor=member, agency=agency, job=job,
                     data=bid_data(attachments=[SimpleUploadedFile("服务方案.pdf", PDF)]))
    attachment = BidAttachment.objects.get(bid=bid)
    assert (attachment.name, attachment.uploaded_by) == ("服务方案.pdf", member)
    assert attachment.file.name.startswith("bids/") and attachment.file.name.endswith(".pdf")
    assert private_files() == [attachment.file.name]


def test_a_refused_file_leaves_no_bid_and_no_file_on_disk(member, agency, job):
    with pytest.raises(UploadRefused), nothing_written(Bid, BidAttachment, JobEntryValue):
        bid_submit(actor=member, agency=agency, job=job, data=bid_data(attachments=a_good_and_a_bad_file()))
    bid = bid_submit(actor=member, agency=agency, job=job, data=bid_data())
    with pytest.raises(UploadRefused), nothing_written(Bid, BidAttachment):
        bid_update(actor=member, bid=bid, data=bid_data(price=Decimal("50000"), attachments=a_good_and_a_bad_file()))
    assert private_files() == []
    bid.refresh_from_db()
    assert bid.price == Decimal("60000")


def _other_member():
    from tests.factories import MembershipFactory

    return MembershipFactory(role="operator")
