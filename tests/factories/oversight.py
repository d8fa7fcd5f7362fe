"""Public oversight decisions straight in the database (no rules): a decided complaint's
published outcome and an announced random-inspection campaign, as the public pages and the
search index read them. The services' own paths are tested in tests/oversight_*."""
import datetime

import factory
from django.utils import timezone

from oversight.models import Complaint, InspectionCampaign

from .accounts import UserFactory
from .providers import DepartmentFactory, RegionFactory


class ComplaintOutcomeFactory(factory.django.DjangoModelFactory):
    """A complaint about an agency, upheld and published (pass status= for another outcome)."""

    class Meta:
        model = Complaint

    number = factory.Sequence(lambda n: f"TS20260301-{n:06d}")
    about = Complaint.About.AGENCY
    region = factory.SubFactory(RegionFactory)
    summary = "中介机构超出承诺时限未提交成果"
    details = "约定20个工作日提交成果，至今未交。"
    complainant_name = "王晓明"
    contact_phone = "13912345678"
    filed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=20))
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    department = factory.SubFactory(DepartmentFactory)
    routed_by = "supervisor"
    status = Complaint.Status.UPHELD
    outcome = "经调查，投诉成立，责令限期改正。"
    decided_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))


class AnnouncedCampaignFactory(factory.django.DjangoModelFactory):
    """A campaign announced to the public, its draw still to come; `categories=[…]` to set them."""

    class Meta:
        model = InspectionCampaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"2026年环评机构双随机抽查{n}")
    department = factory.SubFactory(DepartmentFactory)
    region = factory.SubFactory(RegionFactory)
    agency_count = 3
    checks = "资质、从业人员、报告质量"
    status = InspectionCampaign.Status.ANNOUNCED
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    announced_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
