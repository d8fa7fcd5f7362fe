"""Quote comparison (询比) scenes: an owner with a member, agencies offering the item, quote jobs
open for bids (for the invitations) or past their close (for the scoring and selection)."""
import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from bidding.models import Bid, Draw, DrawBeacon, Job, JobInvitation
from core.models import Notice
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    DrawBeaconFactory,
    JobFactory,
    JobInvitationFactory,
    MembershipFactory,
    OwnerFactory,
    RegulatorFactory,
    ServiceItemFactory,
)

CRITERIA = [{"name": "报价", "weight": 40}, {"name": "服务方案", "weight": 40}, {"name": "服务时限", "weight": 20}]


@pytest.fixture
def quote(db):
    return QuoteScene()


class QuoteScene:
    def __init__(self):
        self.item = ServiceItemFactory()
        self.owner = OwnerFactory()
        self.owner_user = MembershipFactory(organisation=self.owner).user
        self.regulators = [RegulatorFactory(categories=[self.item.category]).user for _ in range(2)]

    def agency(self, *, offering=True, **kwargs):
        agency = AgencyFactory(**kwargs)
        agency.member = MembershipFactory(organisation=agency).user
        if offering:
            AgencyServiceFactory(agency=agency, item=self.item)
        return agency

    def agencies(self, count, **kwargs):
        return [self.agency(**kwargs) for _ in range(count)]

    def open_job(self, *, fiscal=False, invitees=3, criteria=None, **kwargs):
        """A quote job published a day ago, open for bids for five more days."""
        return JobFactory(owner=self.owner, item=self.item, selection_method=Job.Method.QUOTE, fiscal_funds=fiscal,
                          method_params={"invitees": invitees, "criteria": criteria or CRITERIA}, **kwargs)

    def closed_job(self, *, beacon=True, criteria=None, **kwargs):
        """A quote job past its close; with `beacon`, the public value fixed after the close."""
        kwargs.setdefault("closes_at", timezone.now() - datetime.timedelta(hours=2))
        job = self.open_job(status=Job.Status.CLOSED, criteria=criteria, **kwargs)
        if beacon:
            DrawBeaconFactory(job=job, entered_at=job.closes_at + datetime.timedelta(minutes=20))
        return job

    def bid(self, job, scores=None, status=Bid.Status.VALID, **kwargs):
        """A bid of a new invited agency; `scores` a list in the published order of the criteria."""
        agency = self.agency()
        JobInvitationFactory(job=job, agency=agency)
        names = [row["name"] for row in job.method_params["criteria"]]
        stored = {name: str(score) for name, score in zip(names, scores, strict=True)} if scores else {}
        bid = BidFactory(job=job, agency=agency, status=status, submitted_by=agency.member,
                         criteria_scores=stored, **kwargs)
        bid.member = agency.member
        return bid


def everything():
    """What a refused action must leave as it was."""
    return {
        "audit": AuditEntry.objects.count(),
        "jobs": sorted(Job.objects.values_list("pk", "status", "winner_id", "seed_revealed_at")),
        "bids": sorted((pk, status, rank, str(total), str(scores)) for pk, status, rank, total, scores
                       in Bid.objects.values_list("pk", "status", "rank", "total_score", "criteria_scores")),
        "invitations": sorted(JobInvitation.objects.values_list("pk", "job_id", "agency_id")),
        "beacons": sorted(DrawBeacon.objects.values_list("pk", "stage", "value", "fixed_at", "requested_at")),
        "draws": Draw.objects.count(),
        "notices": Notice.objects.count(),
    }
