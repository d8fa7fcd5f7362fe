"""A job awarded to a winner with a runner-up, a published model contract, and the people who act."""
import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from bidding.models import Bid, Job
from contracts.models import ContractTemplate, TemplateVersion
from core.demo.contract_templates import TEMPLATES
from tests.factories import BidFactory, JobFactory, MembershipFactory, OwnerFactory, UserFactory

PASSWORD = "pass-Word-123"


@dataclass
class Scene:
    job: Job
    winner: Bid
    runner_up: Bid
    owner_user: object
    agency_user: object
    runner_up_user: object
    outsider: object


def publish_template(code="ZJ-HT-TY", **fields):
    source = next(t for t in TEMPLATES if t["code"] == code)
    now = timezone.now()
    template = ContractTemplate.objects.create(code=source["code"], title=source["title"], created_at=now, **fields)
    TemplateVersion.objects.create(template=template, number=1, clauses=source["clauses"], created_at=now,
                                   status=TemplateVersion.Status.PUBLISHED, published_at=now)
    return template


@pytest.fixture
def template(db):
    return publish_template()


@pytest.fixture
def scene(db, template, settings):
    settings.CONTRACT_SIGN_WORKING_DAYS = 5
    now = timezone.now()
    owner = OwnerFactory()
    job = JobFactory(owner=owner, status=Job.Status.AWARDED, closes_at=now - datetime.timedelta(days=10),
                     closed_at=now - datetime.timedelta(days=10), awarded_at=now - datetime.timedelta(hours=1))
    winner = BidFactory(job=job, price=60000, status=Bid.Status.VALID, rank=1, promised_days=15)
    runner_up = BidFactory(job=job, price=62000, status=Bid.Status.VALID, rank=2, promised_days=18)
    job.winner = winner
    job.save(update_fields=["winner"])
    users = {}
    for name, organisation in (("owner", owner), ("agency", winner.agency), ("runner_up", runner_up.agency)):
        users[name] = UserFactory()
        MembershipFactory(user=users[name], organisation=organisation)
    return Scene(job=job, winner=winner, runner_up=runner_up, owner_user=users["owner"],
                 agency_user=users["agency"], runner_up_user=users["runner_up"], outsider=UserFactory())


TERMS = {
    "scope": "编制建设项目环境影响报告表，配合审批部门完成技术审查。",
    "deliverables": "环境影响报告表（纸质 8 份及电子版）",
    "acceptance_criteria": "报告表通过生态环境局组织的技术审查并取得批复。",
    "acceptance_days": "10",
    "special_terms": "无",
}


def plan(*amounts, start=None):
    start = start or timezone.localdate() + datetime.timedelta(days=10)
    return [{"title": f"节点{n}", "amount": str(amount), "due_date": (start + datetime.timedelta(days=n)).isoformat()}
            for n, amount in enumerate(amounts, start=1)]
