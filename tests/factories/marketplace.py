import factory

from marketplace.models import AgencyService, FeeRule, ServiceCategory, ServiceItem
from providers.models import Regulator

from .providers import AgencyFactory, DepartmentFactory


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat{n}")
    name = factory.Sequence(lambda n: f"类别{n}")


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem

    code = factory.Sequence(lambda n: f"ZJ-{n:04d}")
    name = factory.Sequence(lambda n: f"环境影响评价{n}")
    category = factory.SubFactory(ServiceCategoryFactory)
    legal_basis = "《中华人民共和国环境影响评价法》第十九条"
    approval_item = "建设项目环境影响评价文件审批"
    approving_department = factory.SubFactory(DepartmentFactory)
    statutory_days = 30
    fee_type = ServiceItem.FeeType.MARKET


class FeeRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeRule

    item = factory.SubFactory(ServiceItemFactory, fee_type=ServiceItem.FeeType.GOVERNMENT)
    legal_basis = "计价格〔2002〕125号"
    quantity_label = "项目总投资"
    quantity_unit = "万元"
    mode = FeeRule.Mode.PROGRESSIVE
    bands = factory.LazyFunction(lambda: [
        {"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"},
        {"lower": "1000", "upper": None, "rate": "5", "fixed": "0"},
    ])
    minimum_fee = 5000


class RegulatorFactory(factory.django.DjangoModelFactory):
    """An active regulator who has set up TOTP (so the MFA middleware lets them through);
    pass totp=False for one who has not."""

    class Meta:
        model = Regulator
        skip_postgeneration_save = True

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.mfa.models import Authenticator
            from allauth.mfa.totp.internal.auth import generate_totp_secret
            from allauth.mfa.utils import encrypt

            Authenticator.objects.get_or_create(
                user=self.user, type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": encrypt(generate_totp_secret())}},
            )

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class AgencyServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyService

    agency = factory.SubFactory(AgencyFactory)
    item = factory.SubFactory(ServiceItemFactory)
    service_days = 20
    fee_quote = "按收费标准下浮10%"
    service_standard = "按国家技术规范编制，一次性告知，限时办结"
