"""The public site: every page renders the marketplace's live data in Chinese, filters work
without JavaScript, unknown codes get our 404 page, and lists run a fixed number of queries."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from cms.models import (
    CatalogueIndexPage,
    ContactPage,
    ContractTemplatesPage,
    CreditIndexPage,
    DirectoryIndexPage,
    FeeRulesPage,
    HomePage,
    NoticesIndexPage,
    StandardPage,
    StatisticsPage,
)
from marketplace.models import ServiceItem
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    CertificateFactory,
    FeeRuleFactory,
    MembershipFactory,
    QualificationTypeFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def reindex():
    """The search index of what the test made (tests do not index on change: SEARCH_INDEX_ON_CHANGE)."""
    call_command("search_rebuild", verbosity=0)


@pytest.fixture
def eia(db):
    qualification = QualificationTypeFactory(code="geohazard", name="地质灾害危险性评估单位资质",
                                              legal_basis="《地质灾害防治条例》第二十二条")
    item = ServiceItemFactory(
        code="ZJ-ZR-001", name="地质灾害危险性评估",
        category=ServiceCategoryFactory(code="land", name="自然资源与测绘"),
        legal_basis="《地质灾害防治条例》第二十一条", approval_item="建设用地预审与选址意见书核发",
        statutory_days=30, fee_type=ServiceItem.FeeType.GOVERNMENT,
    )
    item.required_qualifications.set([qualification])
    FeeRuleFactory(item=item, legal_basis="省发展改革委地质灾害危险性评估收费指导价")
    return item


def test_home_page_shows_live_counts_and_newest_agencies(client, home, eia):
    AgencyFactory(name="德阳蓝天环境科技有限公司")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "中介超市" in html and "最新入驻中介机构" in html
    assert "德阳蓝天环境科技有限公司" in html
    summary = response.context["summary"]
    assert (summary["items"], summary["government_priced"], summary["agencies"], summary["open_jobs"]) == (1, 1, 1, 0)


def test_catalogue_lists_items_and_filters_without_javascript(client, home, eia):
    ServiceItemFactory(code="ZJ-HJ-001", name="建设项目环境影响报告书编制",
                       category=ServiceCategoryFactory(code="env", name="生态环境"))
    response = client.get("/catalogue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "地质灾害危险性评估" in html and "建设项目环境影响报告书编制" in html
    assert 'href="/catalogue/ZJ-ZR-001/"' in html

    reindex()  # a keyword is answered by the search (cms/keyword_search.py)
    by_keyword = client.get("/catalogue/", {"q": "环境影响"}).content.decode()
    assert "建设项目环境影响报告书编制" in by_keyword and "地质灾害危险性评估" not in by_keyword
    by_category = client.get("/catalogue/", {"category": "land"}).content.decode()
    assert "地质灾害危险性评估" in by_category and "建设项目环境影响报告书编制" not in by_category
    by_fee = client.get("/catalogue/", {"fee_type": "government"}).content.decode()
    assert "地质灾害危险性评估" in by_fee and "建设项目环境影响报告书编制" not in by_fee


def test_a_bad_filter_value_is_refused_next_to_its_field_and_kept_out_of_the_filter(client, home, eia):
    reindex()
    response = client.get("/catalogue/", {"fee_type": "free", "q": "地质"})
    assert response.status_code == 200
    assert response.context["form"].errors["fee_type"]
    assert "地质灾害危险性评估" in response.content.decode()


def test_item_page_shows_every_fact_the_fee_rule_and_the_agencies_commitments(client, home, eia):
    agency = AgencyFactory(name="德阳大禹地质工程勘察有限公司")
    AgencyServiceFactory(agency=agency, item=eia, service_days=18, fee_quote="按政府指导价下浮10%收取",
                         service_standard="成果一次性通过技术审查")
    AgencyServiceFactory(item=ServiceItemFactory())  # another item's offer is not listed here
    response = client.get("/catalogue/ZJ-ZR-001/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("ZJ-ZR-001", "地质灾害危险性评估", "自然资源与测绘", "《地质灾害防治条例》第二十一条",
                 "建设用地预审与选址意见书核发", "30 个工作日", "政府定价或指导价",
                 "地质灾害危险性评估单位资质", "省发展改革委地质灾害危险性评估收费指导价", "计费档次",
                 "德阳大禹地质工程勘察有限公司", "18 个工作日", "按政府指导价下浮10%收取", "成果一次性通过技术审查"):
        assert text in html, text
    assert response.context["agencies"].paginator.count == 1


def test_item_history_is_public_with_who_when_effective_date_reason_and_changes(client, home, eia):
    eia.statutory_days = 20
    eia._change_reason = "落实中介服务提速要求，压缩服务时限。"
    eia._history_effective_from = datetime.date(2020, 3, 1)
    eia._history_user = UserFactory(full_name="赵志强")
    eia.save()
    response = client.get("/catalogue/ZJ-ZR-001/history/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("变更历史", "赵志强", "2020年3月1日", "落实中介服务提速要求，压缩服务时限。",
                 "法定服务时限（工作日）"):
        assert text in html, text
    kinds = [v["kind"] for v in response.context["versions"]]
    assert kinds[0] == "changed" and kinds[-1] == "created"


@pytest.mark.parametrize("path", ["/catalogue/ZJ-NONE-9/", "/catalogue/ZJ-NONE-9/history/",
                                  "/agencies/91510600MA6XXXXXX0/"])
def test_an_unknown_code_gets_our_404_page(client, home, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_directory_filters_by_item_region_grade_and_keyword(client, home, regions, eia):
    local = AgencyFactory(name="德阳旌城测绘地理信息有限公司", region=regions["jingyang"], credit_grade="A")
    AgencyServiceFactory(agency=local, item=eia)
    remote = AgencyFactory(name="北京中衡工程咨询有限公司", region=regions["chaoyang"], credit_grade="C",
                           credit_score=75, credit_rated_at=timezone.now())

    def names(**params):
        response = client.get("/agencies/", params)
        assert response.status_code == 200
        return {agency.name for agency in response.context["agencies"]}

    assert names() == {local.name, remote.name}
    assert names(item="ZJ-ZR-001") == {local.name}
    assert names(province="510000") == {local.name}
    assert names(province="510000", prefecture="510600") == {local.name}
    assert names(province="110000", prefecture="110105") == {remote.name}
    assert names(grade="C") == {remote.name}
    reindex()
    assert names(q="中衡") == {remote.name}
    assert names(q=remote.uscc) == {remote.name}
    html = client.get("/agencies/", {"province": "510000"}).content.decode()
    assert "德阳市" in html  # the chosen province's divisions are offered next


def test_agency_page_shows_the_public_profile_but_not_the_scan_to_the_public(client, home, eia):
    agency = AgencyFactory(name="德阳大禹地质工程勘察有限公司", legal_representative="王建国",
                           introduction="专业从事地质灾害危险性评估。")
    AgencyServiceFactory(agency=agency, item=eia, fee_quote="按政府指导价下浮10%收取")
    certificate = CertificateFactory(agency=agency, number="DZ-2023-0099", grade="甲级", issuer="四川省自然资源厅",
                                     verified_at=timezone.now())
    certificate.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 demo"))
    agency.practitioners.create(name="李思远", qualification="注册土木工程师（岩土）")
    response = client.get(f"/agencies/{agency.uscc}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (agency.uscc, "王建国", "德阳大禹地质工程勘察有限公司", "专业从事地质灾害危险性评估。",
                 "地质灾害危险性评估", "按政府指导价下浮10%收取", "DZ-2023-0099", "甲级", "四川省自然资源厅",
                 "已核验", "李思远", "入驻日期", "信用分"):
        assert text in html, text
    assert f"/files/certificates/{certificate.pk}/" not in html


def test_a_member_of_the_agency_sees_the_scan_link(client, home):
    membership = MembershipFactory()
    certificate = CertificateFactory(agency=membership.organisation)
    certificate.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 demo"))
    client.force_login(membership.user)
    html = client.get(f"/agencies/{membership.organisation.uscc}/").content.decode()
    assert f"/files/certificates/{certificate.pk}/" in html


def test_a_certificate_about_to_expire_is_flagged(client, home):
    certificate = CertificateFactory(valid_until=timezone.localdate() + datetime.timedelta(days=10))
    html = client.get(f"/agencies/{certificate.agency.uscc}/").content.decode()
    assert "即将到期" in html


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_directory_runs_the_same_number_of_queries_for_3_or_30_agencies(client, home, eia):
    for _n in range(3):
        AgencyServiceFactory(item=eia)
    client.get("/agencies/")  # warm caches (site root paths, settings row)
    few = _queries(client, "/agencies/")
    for _n in range(27):
        AgencyServiceFactory(item=eia)
    assert _queries(client, "/agencies/") == few
    assert _queries(client, "/agencies/?item=ZJ-ZR-001&province=510000&grade=A") <= few + 2


def test_the_catalogue_and_an_item_page_run_a_fixed_number_of_queries(client, home, eia):
    for _n in range(3):
        AgencyServiceFactory(item=eia)
    client.get("/catalogue/")
    catalogue_few, item_few = _queries(client, "/catalogue/"), _queries(client, "/catalogue/ZJ-ZR-001/")
    for _n in range(27):
        AgencyServiceFactory(item=eia)  # each also adds a catalogue item
    assert _queries(client, "/catalogue/") == catalogue_few
    assert _queries(client, "/catalogue/ZJ-ZR-001/") == item_few


def test_prose_pages_render(client, home):
    for path in ("/about/", "/guide/", "/policies/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "审批" in response.content.decode()


class PageTreeRulesTests(WagtailPageTestCase):
    def test_the_home_page_holds_the_catalogue_the_directory_and_prose_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage, {CatalogueIndexPage, DirectoryIndexPage, NoticesIndexPage, CreditIndexPage, FeeRulesPage,
                       StatisticsPage, ContactPage, StandardPage, ContractTemplatesPage})
        self.assertAllowedParentPageTypes(StatisticsPage, {HomePage})
        self.assertAllowedSubpageTypes(StatisticsPage, set())
        self.assertAllowedParentPageTypes(CatalogueIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(DirectoryIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(FeeRulesPage, {HomePage})
        self.assertAllowedSubpageTypes(CatalogueIndexPage, set())
        self.assertAllowedSubpageTypes(FeeRulesPage, set())
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, ContractTemplatesPage})
        self.assertAllowedParentPageTypes(ContractTemplatesPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(ContractTemplatesPage, set())

    def test_each_language_has_one_index_page_of_each_kind(self):
        from core.demo.site import ensure_page_tree

        home = ensure_page_tree(english=True)
        # The Chinese home already holds a catalogue: a second one cannot be created there …
        self.assertFalse(CatalogueIndexPage.can_create_at(home))
        self.assertFalse(FeeRulesPage.can_create_at(home))
        # … nor a third home page (one per language).
        self.assertFalse(HomePage.can_create_at(home.get_parent()))

    def test_the_seeded_pages_are_routable_and_renderable(self):
        from core.demo.site import ensure_page_tree

        home = ensure_page_tree()
        for catalogue in CatalogueIndexPage.objects.all():   # Chinese and English: one address
            self.assertEqual(catalogue.url, "/catalogue/")
        for page in DirectoryIndexPage.objects.all():
            self.assertEqual(page.url, "/agencies/")
        catalogue = CatalogueIndexPage.objects.get(locale=home.locale)
        self.assertPageIsRoutable(home)
        self.assertPageIsRenderable(home)
        self.assertPageIsRenderable(catalogue)


def test_the_item_page_computes_a_fee_with_the_published_rule(client, home, eia):
    response = client.get("/catalogue/ZJ-ZR-001/", {"fee-quantity": "3000"})
    assert response.status_code == 200
    # 1000 万元 × 10 元 + 2000 万元 × 5 元 (the factory's progressive rule)
    assert response.context["calc_result"].final_fee == Decimal("20000.00")
    assert "收费计算器" in response.content.decode() and "收费标准金额" in response.content.decode()


def test_a_market_priced_item_says_the_price_is_agreed(client, home):
    ServiceItemFactory(code="ZJ-HJ-001", fee_type=ServiceItem.FeeType.MARKET)
    html = client.get("/catalogue/ZJ-HJ-001/").content.decode()
    assert "市场调节价" in html and "收费计算器" not in html
