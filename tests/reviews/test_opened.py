"""Both sides are told when the reviews open: when every milestone first has its deliverables
filed (contracts' delivery service sets deliverables_filed_at and writes JOB_DELIVER), once."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.models import Contract
from contracts.services import delivery
from core.models import Notice
from tests.factories import ContractFactory, MembershipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OPENED = "请在 15 日内评价"


def _file():
    return SimpleUploadedFile("成果.pdf", PDF, content_type="application/pdf")


def _opened(user):
    return list(Notice.objects.filter(user=user, title__contains=OPENED))


def test_both_sides_are_told_once_when_the_last_deliverables_are_first_filed():
    contract = ContractFactory(signed=True)
    first = MilestoneFactory(contract=contract, number=1, amount_fen=3_000_000)
    second = MilestoneFactory(contract=contract, number=2, amount_fen=3_000_000)
    owner_user, agency_user = UserFactory(), UserFactory()
    MembershipFactory(user=owner_user, organisation=contract.owner)
    MembershipFactory(user=agency_user, organisation=contract.agency)

    delivery.delivery_submit(actor=agency_user, milestone=first, note="", files=[_file()])
    assert _opened(owner_user) == [] and Contract.objects.get(pk=contract.pk).deliverables_filed_at is None
    sent_back = delivery.delivery_submit(actor=agency_user, milestone=second, note="", files=[_file()])
    assert Contract.objects.get(pk=contract.pk).deliverables_filed_at is not None
    for user in (owner_user, agency_user):
        [notice] = _opened(user)
        assert "评价期至" in notice.body and notice.link.endswith(f"/contracts/{contract.pk}/review/")

    # The owner sends one back and the agency files it again: the reviews do not open again.
    delivery.delivery_reject(actor=owner_user, delivery=sent_back, reason="请补充附图。")
    second.refresh_from_db()
    delivery.delivery_submit(actor=agency_user, milestone=second, note="补充", files=[_file()])
    assert len(_opened(owner_user)) == 1 and len(_opened(agency_user)) == 1
