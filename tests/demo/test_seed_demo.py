"""`manage.py seed_demo` builds a realistic data set, the same one however often it runs, and
the logins it prints work."""
import io
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management import call_command
from stdnum.cn import uscc as uscc_lib
from wagtail.models import Page, get_page_models

from accounts.models import User
from bidding.models import Job
from contracts.models import ContractTemplate
from core.demo.seed import DEMO_TOTP_SECRET
from marketplace.models import AgencyService, FeeRule, ServiceItem
from providers.models import Affiliation, Certificate, Membership, Organisation, Practitioner, Regulator

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("localstripe")]

SMALL = ["--agencies", "20", "--owners", "5"]


def seed(verbosity=0):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", *SMALL, verbosity=verbosity, stdout=out, stderr=err)
    return out.getvalue()


def snapshot():
    """Every demo table's rows by natural key with the values the public sees."""
    return {
        "items": list(ServiceItem.objects.order_by("code").values_list(
            "code", "name", "category__code", "legal_basis", "approving_department__name", "statutory_days",
            "fee_type", "is_active")),
        "item_versions": ServiceItem.history.count(),
        "rules": list(FeeRule.objects.order_by("item__code").values_list(
            "item__code", "mode", "bands", "coefficients", "minimum_fee", "maximum_fee")),
        "rule_versions": FeeRule.history.count(),
        "organisations": list(Organisation.objects.order_by("kind", "uscc").values_list(
            "kind", "uscc", "name", "legal_representative", "region_id", "address", "contact_phone",
            "credit_score", "credit_grade", "created_at")),
        "offers": list(AgencyService.objects.order_by("agency__uscc", "item__code").values_list(
            "agency__uscc", "item__code", "service_days", "fee_quote", "service_standard")),
        "certificates": list(Certificate.objects.order_by("agency__uscc", "number").values_list(
            "agency__uscc", "number", "grade", "issuer", "issued_on", "valid_until", "verified_at")),
        "practitioners": list(Practitioner.objects.order_by("agency__uscc", "name").values_list(
            "agency__uscc", "name", "title", "qualification", "certificate_number")),
        "affiliations": list(Affiliation.objects.order_by("agency__uscc", "department_id").values_list(
            "agency__uscc", "department_id", "relation")),
        "users": list(User.objects.order_by("email").values_list("email", "full_name", "is_superuser")),
        "memberships": Membership.objects.count(),
        "regulators": list(Regulator.objects.order_by("user__email").values_list("user__email", "department_id")),
        "pages": list(Page.objects.order_by("path").values_list("url_path", "title", "live")),
    }


def test_seed_twice_gives_the_same_data():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


def test_the_seed_is_realistic():
    seed()
    assert ServiceItem.objects.count() >= 40
    assert ServiceItem.objects.filter(name__contains="环境影响报告书").exists()
    assert ServiceItem.objects.filter(legal_basis__contains="《中华人民共和国环境影响评价法》第十六条").exists()
    government = ServiceItem.objects.filter(fee_type="government")
    assert government.exists() and not government.filter(fee_rule__isnull=True).exists()
    agencies = Organisation.objects.filter(kind="agency")
    assert agencies.count() == 20 and Organisation.objects.filter(kind="owner").count() == 5
    assert all(uscc_lib.is_valid(code) for code in Organisation.objects.values_list("uscc", flat=True))
    assert len({region[:2] for region in agencies.values_list("region_id", flat=True)}) >= 2
    assert not agencies.filter(services__isnull=True).exists()
    assert Certificate.objects.filter(verified_at__isnull=False).exists()
    assert Certificate.objects.filter(verified_at__isnull=True).exists()
    assert Practitioner.objects.exists()
    assert len(set(agencies.values_list("credit_grade", flat=True))) >= 2
    history = ServiceItem.objects.get(code="ZJ-HJ-002").history.order_by("history_date")
    assert history.count() == 2 and history.last().history_change_reason


def test_the_printed_logins_work(client):
    output = seed(verbosity=1)
    logins = re.findall(r"(\S+@zjcs\.example\.cn)\s+(\S+)", output)
    assert len(logins) >= 4
    for email, password in logins:
        assert client.login(email=email, password=password), email
        client.logout()
    assert DEMO_TOTP_SECRET in output


def test_the_demo_regulator_has_the_fixed_totp_secret():
    seed()
    regulator = Regulator.objects.get(user__email="regulator@zjcs.example.cn")
    assert regulator.categories.exists()
    authenticator = Authenticator.objects.get(user=regulator.user, type=Authenticator.Type.TOTP)
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counters[len(counters) // 2]))
    assert authenticator.wrap().validate_code(code)  # stored the way allauth reads it


def test_the_seeded_site_serves_the_public_urls(client):
    seed()
    agency = Organisation.objects.filter(kind="agency").first()
    job = Job.objects.exclude(status="draft").first()
    paths = ("/", "/catalogue/", "/catalogue/ZJ-HJ-001/", "/catalogue/ZJ-HJ-001/guide/",
             "/catalogue/ZJ-HJ-002/history/", "/agencies/", f"/agencies/{agency.uscc}/", "/notices/",
             f"/notices/{job.pk}/", f"/notices/{job.pk}/draw/",
             "/credit/", "/credit/blacklist/", "/credit/redlist/", "/fees/", "/contact/", "/policies/", "/guide/",
             "/about/", "/statistics/", "/contracts/", "/contracts/templates/",
             f"/contracts/templates/{ContractTemplate.objects.order_by('code').first().code}/")
    # Every page type editors can create exists in the seeded tree, in both languages.
    for language in ("zh-hans", "en"):
        seeded = {page.specific_class for page in Page.objects.live().filter(locale__language_code=language)}
        assert {model for model in get_page_models() if model._meta.app_label == "cms"} <= seeded, language
    for language, word in (("zh-hans", "首页"), ("en", "Home")):   # every page type, in both languages
        client.cookies["django_language"] = language
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200 and word in response.content.decode(), (language, path)
    client.cookies["django_language"] = "zh-hans"
    assert "建设项目环境影响报告书编制" in client.get("/catalogue/").content.decode()
    client.cookies["django_language"] = "en"
    guide = client.get("/catalogue/ZJ-HJ-001/").content.decode()
    assert "Service guide" in guide and "Materials the owner provides" in guide   # the demo's English guide
