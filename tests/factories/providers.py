import random

import factory
from stdnum.cn import uscc as uscc_lib

from providers.models import (
    Certificate,
    Department,
    Membership,
    Organisation,
    QualificationType,
    Region,
)

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def valid_uscc(seed=None):
    """A random USCC with a correct GB 32100-2015 check digit."""
    rnd = random.Random(seed)
    body = "91" + rnd.choice(["110000", "510000", "510600", "330100", "440300"])
    body += "".join(rnd.choice(_ALPHABET) for _ in range(9))
    return body + uscc_lib.calc_check_digit(body)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "510600"
    name = "德阳市"
    level = Region.Level.PREFECTURE
    full_name = "四川省德阳市"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"生态环境局{n}")
    region = factory.SubFactory(RegionFactory)


class QualificationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"qual-{n}")
    name = factory.Sequence(lambda n: f"资质{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    uscc = factory.Sequence(lambda n: valid_uscc(seed=n))
    region = factory.SubFactory(RegionFactory)
    address = "德阳市旌阳区长江西路一段1号"
    contact_name = "张三"
    contact_phone = "0838-2345678"
    contact_email = factory.Sequence(lambda n: f"contact{n}@org.example.cn")


class AgencyFactory(OrganisationFactory):
    kind = Organisation.Kind.AGENCY
    name = factory.Sequence(lambda n: f"德阳测试咨询有限公司{n}")
    legal_representative = "李四"


class OwnerFactory(OrganisationFactory):
    kind = Organisation.Kind.OWNER
    owner_type = Organisation.OwnerType.STATE_OWNED
    name = factory.Sequence(lambda n: f"德阳建设投资有限公司{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    organisation = factory.SubFactory(AgencyFactory)
    role = Membership.Role.ADMIN


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    agency = factory.SubFactory(AgencyFactory)
    qualification = factory.SubFactory(QualificationTypeFactory)
    number = factory.Sequence(lambda n: f"CERT-{n:06d}")
    grade = "甲级"
    issuer = "四川省自然资源厅"
    issued_on = factory.Faker("date_between", start_date="-3y", end_date="-1y")
    valid_until = factory.Faker("date_between", start_date="+1y", end_date="+3y")


