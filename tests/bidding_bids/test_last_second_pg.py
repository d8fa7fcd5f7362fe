"""The last second before a close, on PostgreSQL: a bid counts at the moment the server received
it, however long it then waited for the job's row lock. Bids received before the close and
processed after it — behind a lock another transaction holds — are kept, once each; a bid
received after the close, or processed after the grace, is refused and leaves nothing behind.
No timing is asserted: each thread is given its received moment and its own clock."""
import datetime
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from bidding import errors
from bidding.models import Bid, BidAttachment, Job, JobEntryValue
from bidding.services.bids import bid_submit
from bidding.services.closing import job_close_if_due
from bidding.states import close_grace
from core import clock
from tests.concurrency import row_locked
from tests.factories import AgencyFactory, JobFactory, MembershipFactory
from tests.writes import private_files

from .conftest import bid_data

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

_thread = threading.local()
_real_now = timezone.now


def _thread_now():
    moment = getattr(_thread, "clock", None)
    return moment["now"] if moment else _real_now()


@pytest.fixture
def per_thread_clock(monkeypatch):
    """timezone.now reads the calling thread's own clock, which the test may move on while the
    thread waits (time_machine would fix one time for all threads)."""
    monkeypatch.setattr(timezone, "now", _thread_now)


def _data():
    return bid_data(attachments=[SimpleUploadedFile("服务方案.pdf", PDF, content_type="application/pdf")])


class Storm:
    """Bidders in threads, each with its own connection, received moment and clock, started
    while the job's row is locked by another transaction and released together."""

    def __init__(self, job):
        self.job = job
        self.threads, self.outcomes = [], {}
        self.locked = row_locked(Job, job.pk, timeout=120)

    def __enter__(self):
        self.locked.__enter__()
        return self

    def bid(self, name, membership, *, received, now):
        own_clock = {"now": now}

        def run():
            _thread.clock = own_clock
            clock.set_received_at(received)
            try:
                bid = bid_submit(actor=membership.user, agency=membership.organisation, job=self.job, data=_data())
                self.outcomes[name] = ("kept", bid.pk)
            except errors.DomainError as error:
                self.outcomes[name] = (type(error).__name__, str(error))
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        self.threads.append(thread)
        thread.start()
        return own_clock

    def wait_for_lock_waiters(self, count):
        """Until `count` transactions wait for a lock (the job row's): then each bid has done
        its checks and stored its file, and is blocked on the lock."""
        for _attempt in range(1200):
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND wait_event_type = 'Lock'")
                if cursor.fetchone()[0] >= count:
                    return
            time.sleep(0.05)
        raise AssertionError(f"{count} bids never reached the job's lock")

    def __exit__(self, *exc):
        self.locked.__exit__(*exc)
        for thread in self.threads:
            thread.join(timeout=120)


def _member():
    return MembershipFactory(organisation=AgencyFactory(), role="operator")


def test_bids_received_before_the_close_and_kept_waiting_past_it_are_kept_once_each(per_thread_clock):
    closes = _real_now().replace(microsecond=0) + datetime.timedelta(hours=1)
    job = JobFactory(closes_at=closes, ceiling_price=80000)
    after_the_close = closes + datetime.timedelta(seconds=1)
    early = {f"early{i}": _member() for i in range(6)}
    slow, late = _member(), _member()
    received = {name: closes - datetime.timedelta(milliseconds=10 * (i + 1)) for i, name in enumerate(early)}

    with Storm(job) as storm:
        for name, membership in early.items():
            storm.bid(name, membership, received=received[name], now=after_the_close)
        # Received before the close too, but its turn for the lock comes only when the grace is over.
        slow_clock = storm.bid("slow", slow, received=closes - datetime.timedelta(milliseconds=1),
                               now=after_the_close)
        storm.bid("late", late, received=closes + datetime.timedelta(milliseconds=1), now=after_the_close)
        storm.wait_for_lock_waiters(len(early) + 1)  # the late one was refused before the lock
        slow_clock["now"] = closes + close_grace()

    closed_message = "报名已于 %s 截止。" % timezone.localtime(closes).strftime("%Y-%m-%d %H:%M:%S")
    assert storm.outcomes["late"] == ("BidWindowClosed", closed_message)
    assert storm.outcomes["slow"] == ("BidWindowClosed", closed_message)
    assert {name: kind for name, (kind, _value) in storm.outcomes.items() if name in early} == dict.fromkeys(
        early, "kept")

    kept = Bid.objects.filter(job=job)
    assert sorted(kept.values_list("agency_id", flat=True)) == sorted(m.organisation_id for m in early.values())
    # The receipt's time is the moment the server received each bid, not its turn at the lock.
    assert {bid.agency_id: bid.submitted_at for bid in kept} == {
        early[name].organisation_id: received[name] for name in early}
    # The refused bids wrote nothing: no bid, no random value, no audit entry, no stored file.
    refused = [slow.organisation_id, late.organisation_id]
    assert not JobEntryValue.objects.filter(job=job, agency_id__in=refused).exists()
    assert AuditEntry.objects.filter(action=Action.BID_SUBMIT).count() == len(early)
    assert BidAttachment.objects.filter(bid__job=job).count() == len(early)
    assert len(private_files()) == len(early)

    # The close waits for the grace, then judges every bid that was kept.
    assert not job_close_if_due(job.pk, now=after_the_close)
    assert job_close_if_due(job.pk, now=closes + close_grace())
    assert Bid.objects.filter(job=job, status=Bid.Status.VALID).count() == len(early)


def test_one_agency_submitting_many_times_in_the_last_second_keeps_one_bid(per_thread_clock):
    closes = _real_now().replace(microsecond=0) + datetime.timedelta(hours=1)
    job = JobFactory(closes_at=closes)
    membership = _member()
    copies = 8
    with Storm(job) as storm:
        for i in range(copies):
            storm.bid(i, membership, received=closes - datetime.timedelta(milliseconds=i + 1),
                      now=closes + datetime.timedelta(seconds=2))
        storm.wait_for_lock_waiters(copies)

    assert sorted(kind for kind, _value in storm.outcomes.values()) == ["DuplicateBid"] * (copies - 1) + ["kept"]
    assert Bid.objects.filter(job=job).count() == 1
    assert AuditEntry.objects.filter(action=Action.BID_SUBMIT).count() == 1
    # The refused copies' files, stored before the lock, were removed again.
    assert BidAttachment.objects.count() == 1 and len(private_files()) == 1
