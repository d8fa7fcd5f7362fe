"""Both languages, every public page: a visitor crawls the site from the home page in English and
in Chinese, following every link it offers. An English page shows no Chinese word (the
editors' pages are translated, the UI labels too) and a Chinese page shows no English label;
marketplace data (names, addresses) stay as entered, so the data here is written in Latin
letters, and text marked with its own `lang` (the language switcher's names) is the other
language on purpose."""
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import translation

from core.demo.site import ensure_page_tree
from providers.models import Region
from reviews.models import RuleSet
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    DepartmentFactory,
    FeeRuleFactory,
    JobFactory,
    OwnerFactory,
    RegionFactory,
    ServiceCategoryFactory,
)

pytestmark = pytest.mark.django_db

# What a visitor's crawl leaves aside: the accounts, workspaces and files (not public pages),
# the admin, the switchers (POST forms), static files and the feeds (XML, tested in their own file).
PRIVATE = ("/admin/", "/django-admin/", "/accounts/", "/workspace/", "/regulator/", "/files/", "/audit/",
           "/static/", "/media/", "/documents/", "/i18n/", "/display/", "/notices/feed/", "/sitemap",
           "/payments/", "/search/suggest")
LIMIT = 150
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+")
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The text a reader sees or hears on a page, each piece with the language it is marked in,
    and the page's links."""

    def __init__(self, language):
        super().__init__()
        self.stack, self.texts, self.links = [(None, language)], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = (attrs.get("lang") or self.stack[-1][1]).lower()
        if tag not in VOID:
            self.stack.append((tag, language))
        hidden = tag in ("script", "style") or any(t in ("script", "style") for t, _l in self.stack)
        if not hidden:
            self.texts += [(attrs[name], language) for name in SHOWN_ATTRIBUTES if attrs.get(name)]
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if data.strip() and not any(tag in ("script", "style") for tag, _l in self.stack):
            self.texts.append((data.strip(), self.stack[-1][1]))


@pytest.fixture
def latin_marketplace(db):
    """A small marketplace whose data is written in Latin letters: an item with a fee rule, an
    agency offering it, an owner and its published job."""
    ensure_page_tree(english=True)
    # The region table is reference data in Chinese; written in Latin letters here like the rest.
    Region.objects.update(name=Concat(Value("Region "), F("code")), full_name=Concat(Value("Region "), F("code")))
    region = RegionFactory(code="510600", name="Deyang", full_name="Sichuan Deyang")
    RuleSet.objects.update(note=Concat(Value("Rule set "), F("version")))   # the regulators' notes, data too
    department = DepartmentFactory(name="Ecology Bureau", region=region)
    category = ServiceCategoryFactory(code="env", name="Environment")
    item = FeeRuleFactory(
        item__code="ZJ-EN-001", item__name="Impact assessment", item__category=category,
        item__approving_department=department, item__legal_basis="EIA Law, article 19",
        item__approval_item="EIA approval", legal_basis="Price notice 125", quantity_label="Investment",
        quantity_unit="CNY 10k").item
    people = {"region": region, "address": "1 Changjiang Road", "contact_name": "Zhang San"}
    agency = AgencyFactory(name="Deyang Survey Ltd", legal_representative="Li Si", **people)
    AgencyServiceFactory(agency=agency, item=item, fee_quote="10% below the rule", service_standard="National norms")
    owner = OwnerFactory(name="Deyang Construction Co", **people)
    JobFactory(owner=owner, item=item, title="Road EIA", description="Report and its approval.")
    return {"item": item, "agency": agency}


def crawl(client, language):
    """{path: [text pieces with their language]} for every public page reachable from /."""
    client.cookies["django_language"] = language
    seen, queue, pages = set(), ["/"], {}
    while queue and len(pages) < LIMIT:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen:   # one visit per page (a list's filters and pages read the same labels)
            continue
        seen.add(path)
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = Page(language)
        page.feed(response.content.decode())
        pages[url] = page.texts
        for href in page.links:
            parts = urlsplit(href)
            if not parts.netloc and parts.path.startswith("/") and not parts.path.startswith(PRIVATE):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def english_labels():
    """The English of every UI label of ours (msgid in Chinese) that is more than one word."""
    catalog = translation.trans_real.translation("en")._catalog
    return {text for msgid, text in catalog.items()
            if isinstance(msgid, str) and CJK.search(msgid) and isinstance(text, str) and " " in text.strip()}


def test_an_english_visitor_reads_no_chinese_word(client, latin_marketplace):
    pages = crawl(client, "en")
    assert {"/", "/catalogue/", "/agencies/", "/notices/", "/fees/", "/contact/", "/credit/", "/guide/", "/statistics/",
            "/catalogue/ZJ-EN-001/", f"/agencies/{latin_marketplace['agency'].uscc}/"} <= set(pages)
    chinese = {url: sorted({text for text, language in texts if language == "en" and CJK.search(text)})
               for url, texts in pages.items()}
    assert {url: found for url, found in chinese.items() if found} == {}


def test_a_chinese_visitor_reads_no_english_label(client, latin_marketplace):
    labels = english_labels()
    pages = crawl(client, "zh-hans")
    assert "/fees/" in pages and "/contact/" in pages
    english = {url: sorted({text for text, language in texts if text in labels}) for url, texts in pages.items()}
    assert {url: found for url, found in english.items() if found} == {}
