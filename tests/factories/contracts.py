"""Contracts straight in the database (no rules checked): for setting up a scene.

`ContractFactory()` is a draft of an awarded job with its winner; `ContractFactory(signed=True)`
a signed one (job contracted, text and hash set); `ContractFactory(offered=True)` one offered to
the agency. Milestones, deliveries and payments are made separately."""
import datetime
import hashlib

import factory
from django.utils import timezone

from bidding.models import Bid, Job
from contracts.models import (
    Contract,
    ContractRound,
    ContractTemplate,
    Delivery,
    Milestone,
    Payment,
    Signature,
    TemplateVersion,
)

from .bidding import BidFactory, JobFactory

CLAUSES = [
    {"kind": "general", "title": "合同双方", "text": "甲方：{{owner_name}}\n乙方：{{agency_name}}"},
    {"kind": "scope", "title": "服务范围", "text": "乙方为甲方的{{project_name}}提供{{item_name}}服务：{{scope}}"},
    {"kind": "price", "title": "合同价款", "text": "合同价款为人民币{{price}}元。"},
    {"kind": "acceptance", "title": "验收", "text": "甲方在收到成果后{{acceptance_days}}个工作日内验收。"},
    {"kind": "breach", "title": "违约责任",
     "text": "甲方逾期付款的，每日按应付金额的万分之五向乙方支付违约金；"
             "乙方逾期交付的，每日按合同价款的万分之五向甲方支付违约金，违约金总额均不超过合同价款的百分之十。"},
    {"kind": "dispute", "title": "争议解决", "text": "双方协商解决；协商不成的，向项目所在地人民法院起诉。"},
    {"kind": "confidentiality", "title": "保密", "text": "双方对履行合同中知悉的对方商业秘密负有保密义务。"},
]

TEXT = "技术服务合同\n甲方：某建设投资有限公司\n乙方：某咨询有限公司\n合同价款为人民币60,000.00元。\n"


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


class ContractTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractTemplate

    code = factory.Sequence(lambda n: f"ZJ-HT-{n:03d}")
    title = factory.Sequence(lambda n: f"中介服务合同示范文本{n}")
    summary = "适用于行政审批中介服务。"
    created_at = factory.LazyFunction(timezone.now)


class TemplateVersionFactory(factory.django.DjangoModelFactory):
    """A published version by default; pass status=TemplateVersion.Status.DRAFT, published_at=None
    for a draft."""

    class Meta:
        model = TemplateVersion

    template = factory.SubFactory(ContractTemplateFactory)
    number = 1
    clauses = factory.LazyFunction(lambda: [dict(c) for c in CLAUSES])
    status = TemplateVersion.Status.PUBLISHED
    created_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)


class ContractFactory(factory.django.DjangoModelFactory):
    """A contract of an awarded job with its winning bid (set as the job's winner)."""

    class Meta:
        model = Contract
        skip_postgeneration_save = True

    class Params:
        offered = factory.Trait(
            status=Contract.Status.OFFERED, text=TEXT, text_hash=_hash(TEXT),
            offered_at=factory.LazyFunction(timezone.now),
            sign_deadline=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7)),
        )
        signed = factory.Trait(
            status=Contract.Status.SIGNED, text=TEXT, text_hash=_hash(TEXT),
            offered_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2)),
            signed_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )

    number = factory.Sequence(lambda n: f"HT2026{n:07d}-1")
    job = factory.SubFactory(
        JobFactory, status=Job.Status.AWARDED,
        closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10)),
        awarded_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)))
    bid = factory.SubFactory(BidFactory, job=factory.SelfAttribute("..job"), status=Bid.Status.VALID, rank=1)
    owner = factory.SelfAttribute("job.owner")
    agency = factory.SelfAttribute("bid.agency")
    template_version = factory.SubFactory(TemplateVersionFactory)
    price_fen = 6_000_000
    values = factory.LazyFunction(lambda: {
        "scope": "编制环境影响报告表。", "start_date": "2026-03-01", "end_date": "2026-04-01",
        "deliverables": "环境影响报告表", "acceptance_criteria": "通过技术审查。", "acceptance_days": "10",
        "special_terms": "无",
    })
    milestone_plan = factory.LazyFunction(lambda: [
        {"title": "提交全部成果并通过验收", "amount": "60000.00", "due_date": "2026-04-01"}])
    created_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    created_at = factory.LazyFunction(timezone.now)
    promised_days = 15

    @factory.post_generation
    def winner(self, create, extracted, **kwargs):
        """The bid wins the job; a signed contract's job is contracted."""
        if create:
            self.job.winner = self.bid
            if self.status == Contract.Status.SIGNED:
                self.job.status = Job.Status.CONTRACTED
            Job.objects.filter(pk=self.job_id).update(winner=self.bid, status=self.job.status)


class ContractRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractRound

    contract = factory.SubFactory(ContractFactory, offered=True)
    number = 1
    text = factory.SelfAttribute("contract.text")
    text_hash = factory.SelfAttribute("contract.text_hash")
    offered_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    offered_at = factory.LazyFunction(timezone.now)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    round = factory.SubFactory(ContractRoundFactory)
    contract = factory.SelfAttribute("round.contract")
    side = Signature.Side.OWNER
    organisation = factory.LazyAttribute(
        lambda s: s.contract.owner if s.side == Signature.Side.OWNER else s.contract.agency)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    signed_at = factory.LazyFunction(timezone.now)
    ip = "203.0.113.7"
    text_hash = factory.SelfAttribute("round.text_hash")
    method = Signature.Method.PASSWORD


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    contract = factory.SubFactory(ContractFactory, signed=True)
    number = 1
    title = "提交全部成果并通过验收"
    amount_fen = factory.SelfAttribute("contract.price_fen")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    milestone = factory.SubFactory(MilestoneFactory, status=Milestone.Status.DELIVERED)
    note = "报告表终稿"
    submitted_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    submitted_at = factory.LazyFunction(timezone.now)
    review_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class PaymentFactory(factory.django.DjangoModelFactory):
    """An online payment waiting for Stripe (pass method/status for others)."""

    class Meta:
        model = Payment

    milestone = factory.SubFactory(MilestoneFactory)
    method = Payment.Method.ONLINE
    amount_fen = factory.SelfAttribute("milestone.amount_fen")
    status = Payment.Status.PENDING
    intent_id = factory.Sequence(lambda n: f"pi_test_{n:08d}")
    created_by = factory.SubFactory("tests.factories.accounts.UserFactory")
    created_at = factory.LazyFunction(timezone.now)
