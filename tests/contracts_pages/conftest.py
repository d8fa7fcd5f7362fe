"""One signed contract with a delivered milestone (a file) and an offline payment (a voucher),
one draft contract of the same owner, and the people who look at them: the owner's and the
agency's members, an outsider, a regulator supervising the item's category and one who does
not. Everything straight in the database: the services are tested in tests/contracts."""
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from contracts.models import DeliveryFile, Milestone, Payment, PaymentVoucher, Signature
from tests.factories import (
    ContractFactory,
    ContractRoundFactory,
    DeliveryFactory,
    MembershipFactory,
    PaymentFactory,
    RegulatorFactory,
    SignatureFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Scene:
    signed: object
    draft: object
    milestone: object
    delivery: object
    delivery_file: object
    payment: object
    voucher: object
    owner_user: object
    agency_user: object
    outsider: object
    regulator: object
    other_regulator: object


def _attach(model, **fields):
    row = model(name="成果.pdf", **fields)
    row.file.save("x.pdf", ContentFile(PDF), save=False)
    row.save()
    return row


@pytest.fixture
def scene(db):
    signed = ContractFactory(signed=True)
    draft = ContractFactory(job__owner=signed.owner)
    owner_user, agency_user = UserFactory(), UserFactory()
    MembershipFactory(user=owner_user, organisation=signed.owner)
    MembershipFactory(user=agency_user, organisation=signed.agency)
    MembershipFactory(user=agency_user, organisation=draft.agency)
    first = ContractRoundFactory(contract=signed)
    for side, user in ((Signature.Side.OWNER, owner_user), (Signature.Side.AGENCY, agency_user)):
        SignatureFactory(round=first, side=side, user=user)
    delivery = DeliveryFactory(milestone__contract=signed, milestone__number=1, milestone__amount_fen=3_000_000,
                               submitted_by=agency_user)
    second = delivery.milestone.contract.milestones.create(number=2, title="尾款", amount_fen=3_000_000,
                                                           due_date=delivery.milestone.due_date)
    payment = PaymentFactory(milestone=second, method=Payment.Method.OFFLINE, status=Payment.Status.SUCCEEDED,
                             intent_id=None, reference="GK-2026-001", created_by=owner_user)
    Milestone.objects.filter(pk=second.pk).update(paid_offline_fen=3_000_000)
    return Scene(
        signed=signed, draft=draft, milestone=delivery.milestone, delivery=delivery,
        delivery_file=_attach(DeliveryFile, delivery=delivery, uploaded_by=agency_user),
        payment=payment, voucher=_attach(PaymentVoucher, payment=payment, uploaded_by=owner_user),
        owner_user=owner_user, agency_user=agency_user, outsider=UserFactory(),
        regulator=RegulatorFactory(categories=[signed.job.item.category]).user,
        other_regulator=RegulatorFactory().user,
    )


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user
