"""The English UI is complete: every entry of the English catalogue is translated (none empty,
none left fuzzy by msgmerge's guesses), and the key pages rendered in English show no Chinese
text or Chinese punctuation of ours. The scene's data (names, titles, regions, page content) is
ASCII, so any CJK character left on an English page is UI text."""
import datetime
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from wagtail.models import Page, Site

from cms.models import (
    CatalogueIndexPage,
    DirectoryIndexPage,
    HomePage,
    NoticesIndexPage,
    PortalSettings,
    StandardPage,
    StatisticsPage,
)
from marketplace.models import ServiceItem
from providers.models import Region
from reviews.models import BlacklistEntry
from search.documents import KINDS
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    CertificateFactory,
    DepartmentFactory,
    FeeRuleFactory,
    JobFactory,
    MembershipFactory,
    OwnerFactory,
    QualificationTypeFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
    UserFactory,
)
from tests.factories.blacklist import BlacklistEntryFactory
from tests.factories.draws import drawn_job
from tests.factories.oversight import AnnouncedCampaignFactory, ComplaintOutcomeFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


# --- the catalogue --------------------------------------------------------------------------

def _unquote(line):
    """The text of one quoted .po line ("...")."""
    return line[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def po_entries(path):
    """The entries of a .po file (obsolete ones left out), each a dict: "flags", and
    "msgctxt", "msgid", "msgid_plural", "msgstr" / "msgstr[n]" with their joined texts."""
    entries, entry, key = [], {"flags": set()}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _space, text = line.partition(" ")
            entry[key] = _unquote(text)
    return entries


def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = [entry for entry in po_entries(CATALOGUE) if entry["msgid"]]  # not the header
    assert len(entries) > 1000
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [
        entry["msgid"] for entry in entries
        if not all(text for key, text in entry.items() if key.startswith("msgstr"))
    ]
    assert fuzzy == []
    assert untranslated == []


def test_the_english_catalogue_keeps_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in po_entries(CATALOGUE):
        if not entry["msgid"]:
            continue
        wanted = sorted(set(placeholder.findall(entry["msgid"])))
        for key, text in entry.items():
            if key.startswith("msgstr"):
                assert sorted(set(placeholder.findall(text))) == wanted, (entry["msgid"], text)


def test_the_compiled_catalogue_is_up_to_date():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime - 1, "run compilemessages"


# --- pages in English -------------------------------------------------------------------------

# CJK ideographs, CJK punctuation (、。「」【】…) and full-width forms (：，（）～).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def visible_text(page_html):
    """What a reader sees or hears: text outside tags, plus titles, placeholders, labels and alts."""
    page_html = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page_html)
    page_html = re.sub(r"(?s)<!--.*?-->", " ", page_html)
    attributes = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', page_html)
    text = re.sub(r"(?s)<[^>]+>", "\n", page_html)
    return html.unescape(text + "\n" + "\n".join(attributes))


def chinese_lines(page_html):
    """Lines with CJK text, except the language switcher's "简体中文" (each language in its own name)."""
    native_names = {name for _code, name in settings.LANGUAGES}
    lines = {line.strip() for line in visible_text(page_html).splitlines()} - native_names
    return sorted(line for line in lines if CJK.search(line))


@pytest.fixture
def ascii_site(db):
    """A public site whose editor content (page titles, the footer's settings) is ASCII."""
    root = Page.get_first_root_node()
    for welcome in root.get_children():
        welcome.delete()
    home = root.add_child(instance=HomePage(title="Marketplace", slug="home"))
    for page_class, slug in ((CatalogueIndexPage, "catalogue"), (DirectoryIndexPage, "agencies"),
                             (NoticesIndexPage, "notices"), (StatisticsPage, "statistics")):
        home.add_child(instance=page_class(title=slug.title(), slug=slug))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Marketplace")
    PortalSettings.objects.update_or_create(defaults={
        "hotline": "12345", "service_hours": "Mon-Fri 9:00-17:00", "operator": "Office",
        "address": "1 Main Street", "footer_text": "Footer", "record_number": "ICP 1",
    })
    return home


@pytest.fixture
def scene(ascii_site):
    """Agencies, an owner, a listed government-priced item with a fee rule and offers, a job open
    for bids and one past its draw, all with ASCII names: data that shows no Chinese."""
    Region.objects.update(name=Concat(Value("Region "), F("code")), full_name=Concat(Value("Region "), F("code")))
    region = Region.objects.get(code="510600")
    department = DepartmentFactory(name="Ecology Bureau", region=region)
    qualification = QualificationTypeFactory(code="eia-q", name="EIA licence", legal_basis="Law 1")
    item = ServiceItemFactory(
        code="ZJ-EN-001", name="Impact assessment", category=ServiceCategoryFactory(code="env", name="Environment"),
        legal_basis="Law 2", approval_item="Approval 1", approving_department=department,
        fee_type=ServiceItem.FeeType.GOVERNMENT, description="An assessment.",
    )
    item.required_qualifications.set([qualification])
    FeeRuleFactory(item=item, legal_basis="Price rule 3", quantity_label="Investment", quantity_unit="k CNY")
    people = {"address": "2 River Road", "contact_name": "Zhang", "legal_representative": "Li", "region": region}
    agencies = [AgencyFactory(name=f"Agency {n}", contact_phone=f"0838-600000{n}",
                              contact_email=f"office@agency{n}.example.com", **people) for n in range(1, 4)]
    for agency in agencies:
        AgencyServiceFactory(agency=agency, item=item, fee_quote="10% off", service_standard="Standard")
        CertificateFactory(agency=agency, qualification=qualification, grade="A", issuer="Licensing Office")
    owner = OwnerFactory(name="Owner Corp", **people)
    member = MembershipFactory(organisation=agencies[0], user=UserFactory(full_name="Ann Agent")).user
    open_job = JobFactory(owner=owner, item=item, title="Open job", description="Do it.",
                          created_by=UserFactory(full_name="Olga Owner"))
    return {"item": item, "agencies": agencies, "owner": owner, "member": member, "open_job": open_job,
            "drawn_job": drawn_job(owner, item, agencies)}


def english(client, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


PUBLIC_PAGES = [
    lambda s: "/",
    lambda s: "/notices/",
    lambda s: f"/notices/{s['open_job'].pk}/",
    lambda s: f"/notices/{s['drawn_job'].pk}/",
    lambda s: f"/notices/{s['drawn_job'].pk}/draw/",
    lambda s: "/catalogue/",
    lambda s: f"/catalogue/{s['item'].code}/",
    lambda s: f"/catalogue/{s['item'].code}/history/",
    lambda s: "/agencies/",
    lambda s: f"/agencies/{s['agencies'][0].uscc}/",
    lambda s: "/accounts/login/",
    lambda s: "/accounts/signup/",
    lambda s: "/complaints/",
    lambda s: "/complaints/outcomes/",
    lambda s: "/inspections/",
    lambda s: "/statistics/",
]


@pytest.mark.parametrize("page", range(len(PUBLIC_PAGES)))
def test_public_pages_in_english_show_no_chinese(client, scene, page):
    path = PUBLIC_PAGES[page](scene)
    assert chinese_lines(english(client, path)) == [], path


MEMBER_PAGES = [
    "/workspace/",
    "/workspace/bids/",
    "/workspace/opportunities/",
    "/workspace/notices/",
    "/accounts/email/",
]


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_an_agency_members_pages_in_english_show_no_chinese(client, scene, path):
    client.force_login(scene["member"])
    assert chinese_lines(english(client, path)) == [], path


@pytest.fixture
def search_scene(scene, ascii_site):
    """The scene with a notice of each source (a blacklisting, a complaint's outcome, an inspection
    campaign) and a policy page, all about the impact assessment, indexed as a rebuild does."""
    item, agency = scene["item"], scene["agencies"][2]
    department, region = item.approving_department, item.approving_department.region
    now = timezone.now()
    BlacklistEntryFactory(agency=agency, facts="Forged impact assessment data", status=BlacklistEntry.Status.APPROVED,
                          starts_at=now, ends_at=now + datetime.timedelta(days=365), decided_at=now)
    ComplaintOutcomeFactory(region=region, department=department, item=item, summary="Late report",
                            details="Late.", outcome="Upheld.", responsible=agency, complainant_name="Wang")
    AnnouncedCampaignFactory(title="Impact assessment checks", department=department, region=region,
                             categories=[item.category], checks="Licences")
    ascii_site.add_child(instance=StandardPage(title="Impact assessment guide", slug="guide", summary="How to."))
    call_command("search_rebuild", verbosity=0)
    return scene


# Search results: every kind's hits, their summaries' labels and a notice's title label.
SEARCH_PAGES = ["/search/?q=impact+assessment"]


@pytest.mark.parametrize("path", SEARCH_PAGES)
def test_search_results_in_english_show_no_chinese(client, search_scene, path):
    page = english(client, path)
    assert set(re.findall(r'data-kind="(\w+)"', page)) == set(KINDS), "a hit of each kind"
    assert chinese_lines(page) == [], path


def test_the_same_pages_stay_chinese_by_default(client, scene):
    html_text = client.get(f"/notices/{scene['drawn_job'].pk}/").content.decode()
    assert "中选机构：" in html_text and "选取理由：By draw" in html_text


def test_the_chinese_catalogue_translates_each_message_to_itself():
    """The source language has a catalogue too, each message its own translation: a message
    missing from the first catalogue is looked for in every app's catalogue and their fallbacks
    in turn (a gettext five times slower, on every label of every Chinese page)."""
    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po if not entry.obsolete and not entry.msgid_plural
                    and entry.msgstr != entry.msgid]
    untranslated += [entry.msgid for entry in po if not entry.obsolete and entry.msgid_plural
                     and entry.msgstr_plural.get(0) != entry.msgid]
    assert untranslated == []
