"""Publicity, objections and the award: the period, the two-step objection, the regulator's decision."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.actions import Action
from audit.models import AuditEntry
from bidding import draw
from bidding.errors import (
    AnswerByOwnerOnly,
    ComplaintNotSupervised,
    DecisionByRegulatorOnly,
    EscalationByObjectorOnly,
    EscalationTooEarly,
    EscalationTooLate,
    ObjectionNotAllowed,
    ObjectionReasonsRequired,
    ObjectionWindowClosed,
    ObjectionWrongStage,
)
from bidding.models import Bid, Draw, Job, Objection, ObjectionAttachment
from bidding.services.objections import objection_answer, objection_decide, objection_escalate, objection_raise
from bidding.services.publicity import publicity_end_if_due
from bidding.services.selection import draw_run
from core.models import Notice
from core.uploads import UploadRefused
from tests.factories import RegulatorFactory, UserFactory
from tests.writes import nothing_written, private_files

TZ = ZoneInfo("Asia/Shanghai")
THURSDAY = datetime.datetime(2026, 3, 5, 10, 0, tzinfo=TZ)
# Three working days after Thursday: Friday, Monday, Tuesday → ends Tuesday 23:59:59.
TUESDAY_EVENING = datetime.datetime(2026, 3, 10, 23, 0, tzinfo=TZ)
WEDNESDAY = datetime.datetime(2026, 3, 11, 0, 0, 1, tzinfo=TZ)
MONDAY = datetime.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def drawn(scene):
    """A random-draw job drawn on Thursday morning, in publicity; four valid bids."""
    with time_machine.travel(THURSDAY, tick=False):
        job = scene.job(Job.Method.RANDOM)
        bids = scene.bids(job, [50000, 60000, 70000, 65000])
        draw_run(actor=scene.owner_user, job=job)
    job.refresh_from_db()
    job.bids_made = bids
    job.owner_user = scene.owner_user
    return job


def loser(job):
    return next(bid for bid in job.bids_made if bid.pk != job.winner_id)


def raise_on_monday(job, bid=None, **kwargs):
    bid = bid or loser(job)
    with time_machine.travel(MONDAY, tick=False):
        return objection_raise(actor=bid.member, job=job, bid=bid, reasons="中选机构资质证书已过期", **kwargs)


def escalated(job):
    objection = raise_on_monday(job)
    with time_machine.travel(MONDAY + datetime.timedelta(hours=2), tick=False):
        objection_answer(actor=job.owner_user, objection=objection, answer="经核查证书在有效期内")
        objection_escalate(actor=loser(job).member, objection=objection, reasons="答复未附证书原件")
    objection.refresh_from_db()
    return objection


def regulator_of(job):
    return RegulatorFactory(categories=[job.item.category]).user


# --- publicity and the award ------------------------------------------------------------------

def test_publicity_lasts_three_working_days_over_the_weekend(drawn):
    assert drawn.status == Job.Status.PUBLICITY
    assert drawn.publicity_ends_at == datetime.datetime(2026, 3, 10, 23, 59, 59, tzinfo=TZ)


def test_not_awarded_before_the_period_ends_and_awarded_after(drawn):
    assert publicity_end_if_due(drawn.pk, now=TUESDAY_EVENING) is False
    drawn.refresh_from_db()
    assert drawn.status == Job.Status.PUBLICITY
    with time_machine.travel(WEDNESDAY, tick=False):
        assert publicity_end_if_due(drawn.pk) is True
    drawn.refresh_from_db()
    assert drawn.status == Job.Status.AWARDED and drawn.awarded_at == WEDNESDAY
    assert AuditEntry.objects.filter(action=Action.JOB_AWARD, object_id=str(drawn.pk)).exists()
    assert Notice.objects.filter(user=drawn.owner_user, title__startswith="中选结果已确定").exists()


def test_ending_publicity_twice_awards_once(drawn):
    assert publicity_end_if_due(drawn.pk, now=WEDNESDAY) is True
    assert publicity_end_if_due(drawn.pk, now=WEDNESDAY + datetime.timedelta(days=1)) is False
    assert AuditEntry.objects.filter(action=Action.JOB_AWARD, object_id=str(drawn.pk)).count() == 1


def test_an_open_objection_blocks_the_award(drawn):
    raise_on_monday(drawn)
    assert publicity_end_if_due(drawn.pk, now=WEDNESDAY) is False
    drawn.refresh_from_db()
    assert drawn.status == Job.Status.PUBLICITY


# --- raising ----------------------------------------------------------------------------------

def test_a_bidder_raises_an_objection_with_a_file_inside_the_window(drawn):
    upload = SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")
    objection = raise_on_monday(drawn, files=[upload])
    assert objection.status == Objection.Status.OPEN
    attachment = objection.attachments.get()
    assert attachment.name == "证据.pdf" and attachment.file.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action=Action.OBJECTION_RAISE, object_id=str(objection.pk)).exists()
    assert Notice.objects.filter(user=drawn.owner_user, title__startswith="收到异议").exists()


def test_a_file_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_saved(drawn):
    upload = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(UploadRefused) as caught, nothing_written(Objection, ObjectionAttachment):
        raise_on_monday(drawn, files=[upload])
    assert "PDF" in str(caught.value)
    assert not Objection.objects.exists()


def test_a_refused_second_file_leaves_no_file_of_the_first_on_disk(drawn):
    good = SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile("证据2.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(UploadRefused), nothing_written(Objection, ObjectionAttachment):
        raise_on_monday(drawn, files=[good, bad])
    assert private_files() == []


def test_an_objection_after_the_window_is_refused(drawn):
    bid = loser(drawn)
    with time_machine.travel(WEDNESDAY, tick=False), pytest.raises(ObjectionWindowClosed), nothing_written(Objection):
        objection_raise(actor=bid.member, job=drawn, bid=bid, reasons="理由")
    assert not Objection.objects.exists()


def test_a_non_bidder_cannot_object(drawn):
    bid = loser(drawn)
    for outsider in (UserFactory(), drawn.owner_user):
        with time_machine.travel(MONDAY, tick=False), pytest.raises(ObjectionNotAllowed), nothing_written(Objection):
            objection_raise(actor=outsider, job=drawn, bid=bid, reasons="理由")
    assert not Objection.objects.exists()


def test_an_objection_needs_reasons(drawn):
    bid = loser(drawn)
    with time_machine.travel(MONDAY, tick=False), pytest.raises(ObjectionReasonsRequired), nothing_written(Objection):
        objection_raise(actor=bid.member, job=drawn, bid=bid, reasons=" ")


# --- answer and escalation --------------------------------------------------------------------

def test_the_owner_answers_and_the_bidder_is_told(drawn):
    objection = raise_on_monday(drawn)
    with pytest.raises(AnswerByOwnerOnly), nothing_written(Objection):
        objection_answer(actor=loser(drawn).member, objection=objection, answer="x")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.OPEN and objection.answer == ""
    objection_answer(actor=drawn.owner_user, objection=objection, answer="证书在有效期内")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.ANSWERED and objection.answer == "证书在有效期内"
    assert AuditEntry.objects.filter(action=Action.OBJECTION_ANSWER).exists()
    assert Notice.objects.filter(user=loser(drawn).member, title__startswith="业主已答复").exists()


def test_the_bidder_escalates_after_the_answer_and_regulators_are_told(drawn):
    regulator = regulator_of(drawn)
    objection = escalated(drawn)
    assert objection.status == Objection.Status.ESCALATED
    assert AuditEntry.objects.filter(action=Action.OBJECTION_ESCALATE).exists()
    assert Notice.objects.filter(user=regulator, title__startswith="收到投诉").exists()


def test_escalation_without_an_answer_waits_three_working_days(drawn):
    objection = raise_on_monday(drawn)  # Monday → Tue, Wed, Thu → may escalate from Friday
    member = loser(drawn).member
    with time_machine.travel(datetime.datetime(2026, 3, 12, 20, 0, tzinfo=TZ), tick=False):
        with pytest.raises(EscalationTooEarly), nothing_written(Objection):
            objection_escalate(actor=member, objection=objection, reasons="业主不答复")
        objection.refresh_from_db()
        assert objection.status == Objection.Status.OPEN
    with time_machine.travel(datetime.datetime(2026, 3, 13, 9, 0, tzinfo=TZ), tick=False):
        objection_escalate(actor=member, objection=objection, reasons="业主不答复")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.ESCALATED


def test_an_answer_not_escalated_in_time_lapses_and_the_job_is_awarded(drawn):
    objection = raise_on_monday(drawn)
    with time_machine.travel(MONDAY, tick=False):
        objection_answer(actor=drawn.owner_user, objection=objection, answer="证书有效")
    # Answer Monday → escalation until Thursday 23:59:59.
    assert publicity_end_if_due(drawn.pk, now=datetime.datetime(2026, 3, 12, 12, 0, tzinfo=TZ)) is False
    with time_machine.travel(datetime.datetime(2026, 3, 13, 9, 0, tzinfo=TZ), tick=False):
        with pytest.raises(EscalationTooLate), nothing_written(Objection):
            objection_escalate(actor=loser(drawn).member, objection=objection, reasons="晚了")
        assert publicity_end_if_due(drawn.pk) is True
    objection.refresh_from_db()
    assert objection.status == Objection.Status.CLOSED


def test_only_the_objecting_agency_escalates(drawn):
    objection = raise_on_monday(drawn)
    objection_answer(actor=drawn.owner_user, objection=objection, answer="答复")
    other = next(bid for bid in drawn.bids_made if bid.pk not in (drawn.winner_id, objection.bid_id))
    with pytest.raises(EscalationByObjectorOnly), nothing_written(Objection):
        objection_escalate(actor=other.member, objection=objection, reasons="我也不满")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.ANSWERED and objection.escalation_reasons == ""


# --- the regulator's decision -----------------------------------------------------------------

def test_a_regulator_of_another_category_cannot_decide(drawn):
    objection = escalated(drawn)
    outsider = RegulatorFactory().user  # supervises no category of this item
    with pytest.raises(ComplaintNotSupervised), nothing_written(Objection, Draw):
        objection_decide(actor=outsider, objection=objection, upheld=True, decision="成立")
    with pytest.raises(DecisionByRegulatorOnly), nothing_written(Objection, Draw):
        objection_decide(actor=drawn.owner_user, objection=objection, upheld=True, decision="成立")
    objection.refresh_from_db()
    drawn.refresh_from_db()
    assert objection.status == Objection.Status.ESCALATED and objection.decision == ""
    assert drawn.status == Job.Status.PUBLICITY and drawn.winner_id is not None


def test_an_objection_not_escalated_cannot_be_decided(drawn):
    objection = raise_on_monday(drawn)
    regulator = regulator_of(drawn)
    with pytest.raises(ObjectionWrongStage), nothing_written(Objection):
        objection_decide(actor=regulator, objection=objection, upheld=False, decision="不成立")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.OPEN and objection.decision == ""


def test_upheld_sends_the_job_back_to_selection_and_a_new_draw_excludes_the_invalidated_bid(drawn):
    objection = escalated(drawn)
    old_winner = drawn.winner
    with time_machine.travel(MONDAY + datetime.timedelta(hours=5), tick=False):
        objection_decide(actor=regulator_of(drawn), objection=objection, upheld=True,
                         decision="中选机构证书已过期，报名无效", invalidate=[old_winner.pk])
    drawn.refresh_from_db()
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert drawn.status == Job.Status.CLOSED
    assert drawn.winner is None and drawn.publicity_ends_at is None
    assert not Bid.objects.filter(job=drawn, rank__isnull=False).exists()
    assert Bid.objects.get(pk=old_winner.pk).status == Bid.Status.INVALID
    assert Draw.objects.get(job=drawn).superseded_at is not None
    assert AuditEntry.objects.filter(action=Action.JOB_REOPEN_SELECTION).exists()
    assert AuditEntry.objects.filter(action=Action.OBJECTION_DECIDE).exists()
    for bid in drawn.bids_made:
        assert Notice.objects.filter(user=bid.member, title__startswith="投诉处理结果").exists()

    # Selection runs again, with the same committed seed and beacon value, over the three remaining valid bids.
    draw_run(actor=drawn.owner_user, job=drawn)
    drawn.refresh_from_db()
    remaining = [bid for bid in drawn.bids_made if bid.pk != old_winner.pk]
    expected = draw.run(drawn.draw_seed, [bid.random_value for bid in remaining], beacon=drawn.beacon.value)
    current = Draw.objects.get(job=drawn, superseded_at__isnull=True)
    assert current.ranking == expected.ranking
    assert drawn.winner.random_value == expected.ranking[0]
    assert drawn.status == Job.Status.PUBLICITY


def test_rejected_lets_the_award_happen_after_the_period(drawn):
    objection = escalated(drawn)
    with time_machine.travel(MONDAY + datetime.timedelta(hours=5), tick=False):
        objection_decide(actor=regulator_of(drawn), objection=objection, upheld=False, decision="证书有效，投诉不成立")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.REJECTED
    assert publicity_end_if_due(drawn.pk, now=TUESDAY_EVENING) is False
    assert publicity_end_if_due(drawn.pk, now=WEDNESDAY) is True
    drawn.refresh_from_db()
    assert drawn.status == Job.Status.AWARDED


def test_a_rejection_after_the_period_awards_at_once(drawn):
    objection = escalated(drawn)
    assert publicity_end_if_due(drawn.pk, now=WEDNESDAY) is False
    with time_machine.travel(WEDNESDAY, tick=False):
        objection_decide(actor=regulator_of(drawn), objection=objection, upheld=False, decision="不成立")
    drawn.refresh_from_db()
    assert drawn.status == Job.Status.AWARDED

