import datetime
import random

import factory
from stdnum.cn import uscc as uscc_lib

from accounts.identity import identity_hash, identity_masked, with_check_character
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


def valid_id_number(seed, region="510603"):
    """A resident identity number with a valid birth date and check character, distinct per seed."""
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=seed % 15000)
    return with_check_character(f"{region}{born:%Y%m%d}{seed // 15000 % 1000:03d}")


def _hash_of(number):
    return identity_hash(number) if number else ""


def _masked_of(number):
    return identity_masked(number) if number else ""


def declared_identity(number):
    """UserFactory's fields for a user who has declared this identity number (as accounts.services
    keeps it: hash and masked)."""
    return {"id_number_hash": identity_hash(number), "id_number_masked": identity_masked(number)}


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
    """An agency whose legal representative has an identity number (kept as hash and masked, as
    registration keeps it); pass legal_representative_id_number="" for one registered without."""

    class Params:
        legal_representative_id_number = factory.Sequence(lambda n: valid_id_number(n + 7000))

    kind = Organisation.Kind.AGENCY
    name = factory.Sequence(lambda n: f"德阳测试咨询有限公司{n}")
    legal_representative = "李四"
    legal_representative_id_hash = factory.LazyAttribute(lambda o: _hash_of(o.legal_representative_id_number))
    legal_representative_id_masked = factory.LazyAttribute(lambda o: _masked_of(o.legal_representative_id_number))


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


