"""The library of model contracts (/contracts/templates/) is a Wagtail page: the editors' intro
around the published templates, each version readable at the address contracts link to, each
as a PDF to download; drafts never show, a withdrawn version stays readable and marked."""
import pytest

from cms.models import ContractTemplatesPage, StandardPage
from contracts.models import TemplateVersion
from core import navigation
from tests.contracts_pdf.pdftext import page_texts, squeeze
from tests.factories import ContractTemplateFactory, TemplateVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home):
    template = ContractTemplateFactory(code="ZJ-HT-HP", title="环境影响评价技术服务合同（示范文本）")
    first = TemplateVersionFactory(template=template, number=1, status=TemplateVersion.Status.WITHDRAWN)
    second = TemplateVersionFactory(template=template, number=2, change_note="修订验收期限")
    draft = TemplateVersionFactory(template=template, number=3, status=TemplateVersion.Status.DRAFT,
                                   published_at=None, change_note="尚未发布的修订")
    return template, first, second, draft


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_library_sits_under_the_contracts_page_at_its_old_address(library):
    page = ContractTemplatesPage.objects.get()
    assert page.url == "/contracts/templates/" and isinstance(page.get_parent().specific, StandardPage)
    assert navigation.page_url("contract_template_version", "ZJ-HT-HP", 2) == "/contracts/templates/ZJ-HT-HP/v2/"


def test_the_list_shows_the_version_in_force_and_the_earlier_ones_never_a_draft(client, library):
    html = text(client.get("/contracts/templates/"))
    assert "环境影响评价技术服务合同（示范文本）" in html and "第 2 版" in html
    assert 'href="/contracts/templates/ZJ-HT-HP/v1/"' in html    # the withdrawn one, still readable
    assert 'href="/contracts/templates/ZJ-HT-HP/v2/pdf/"' in html
    assert "/v3/" not in html and "尚未发布的修订" not in html


def test_an_editor_writes_the_intro(client, library):
    page = ContractTemplatesPage.objects.get()
    page.intro = "<p>示范文本由行业主管部门发布。</p>"
    page.save_revision().publish()
    assert "示范文本由行业主管部门发布。" in text(client.get("/contracts/templates/"))


def test_each_version_is_readable_and_the_withdrawn_one_is_marked(client, library):
    current = text(client.get("/contracts/templates/ZJ-HT-HP/"))
    assert "修订验收期限" in current and "合同价款" in current and "【" in current
    assert "已于" not in current
    withdrawn = text(client.get("/contracts/templates/ZJ-HT-HP/v1/"))
    assert "已于" in withdrawn and "不再用于新合同" in withdrawn
    for missing in ("/contracts/templates/ZJ-HT-HP/v3/", "/contracts/templates/ZJ-HT-HP/v9/",
                    "/contracts/templates/NO-SUCH/", "/contracts/templates/ZJ-HT-HP/v3/pdf/"):
        assert client.get(missing).status_code == 404, missing


def test_a_template_whose_every_version_is_withdrawn_is_unlisted_but_readable(client, home):
    version = TemplateVersionFactory(template__code="ZJ-HT-OLD", template__title="旧版勘察合同",
                                     status=TemplateVersion.Status.WITHDRAWN)
    assert "旧版勘察合同" not in text(client.get("/contracts/templates/"))
    assert "旧版勘察合同" in text(client.get(f"/contracts/templates/ZJ-HT-OLD/v{version.number}/"))


def test_each_version_downloads_as_a_pdf_with_its_clauses(client, library):
    response = client.get("/contracts/templates/ZJ-HT-HP/v2/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ZJ-HT-HP-v2.pdf"'
    body = squeeze("".join(page_texts(response.content)))
    assert "环境影响评价技术服务合同（示范文本）" in body and "争议解决" in body and "第2版" in body
