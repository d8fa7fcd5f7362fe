"""Blacklist scenes: entries proposed and decided through the services (so their effects are
real), and rows straight in the database for the constraints."""
import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reviews.models import BlacklistEntry
from reviews.services.blacklist import blacklist_approve, blacklist_propose

from .marketplace import RegulatorFactory
from .providers import AgencyFactory, valid_id_number

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
FACTS = "2026 年 3 月在“德阳市某道路改建工程环境影响评价”项目中出具虚假监测数据。"
BASIS = "《四川省中介服务管理办法》第二十条第（三）项"
# A senior manager the tests name (and later find banned).
MANAGER_ID = valid_id_number(4242, region="510681")


def evidence(name="调查笔录.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def regulator():
    """An active regulator's user (with TOTP, so the pages let them in)."""
    return RegulatorFactory().user


def propose(agency=None, *, proposer=None, years=2, managers=(("陈经理", MANAGER_ID),), files=None, **kwargs):
    agency = agency or AgencyFactory()
    return blacklist_propose(actor=proposer or regulator(), agency=agency, facts=kwargs.pop("facts", FACTS),
                             legal_basis=kwargs.pop("legal_basis", BASIS), years=years, managers=list(managers),
                             files=[evidence()] if files is None else files)


def approved(agency=None, *, approver=None, **kwargs):
    """An entry proposed by one regulator and approved by another: in force from now."""
    entry = propose(agency, **kwargs)
    return blacklist_approve(actor=approver or regulator(), entry=entry, note="事实清楚，证据充分。")


class BlacklistEntryFactory(factory.django.DjangoModelFactory):
    """A proposal straight in the database (no rules): for the database's own checks."""

    class Meta:
        model = BlacklistEntry

    agency = factory.SubFactory(AgencyFactory)
    facts = FACTS
    legal_basis = BASIS
    years = 1
    proposed_by = factory.LazyFunction(regulator)
    proposed_at = factory.LazyFunction(timezone.now)
