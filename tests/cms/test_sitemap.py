"""The sitemap: an index of its sections, and each section lists what its pages show — the live
Wagtail pages, the catalogue's items, the agencies, the public notices and never a draft."""
import xml.etree.ElementTree as ET

import pytest

from bidding.models import Job
from tests.factories import AgencyFactory, JobFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{NS}loc")]


def test_the_index_names_every_section(client, home):
    found = locations(client.get("/sitemap.xml"))
    assert {url.rsplit("/", 1)[-1] for url in found} == {
        "sitemap-pages.xml", "sitemap-items.xml", "sitemap-agencies.xml", "sitemap-notices.xml"}


def test_each_section_lists_what_its_pages_show(client, home):
    item, agency = ServiceItemFactory(), AgencyFactory()
    published = JobFactory()
    draft = JobFactory(status=Job.Status.DRAFT, closes_at=None, published_at=None)
    pages = locations(client.get("/sitemap-pages.xml"))
    assert any(url.endswith("/notices/") for url in pages) and any(url.endswith("/catalogue/") for url in pages)
    assert any(url.endswith(f"/catalogue/{item.code}/") for url in locations(client.get("/sitemap-items.xml")))
    assert any(url.endswith(f"/agencies/{agency.uscc}/") for url in locations(client.get("/sitemap-agencies.xml")))
    notices = locations(client.get("/sitemap-notices.xml"))
    assert any(url.endswith(f"/notices/{published.pk}/") for url in notices)
    assert not any(url.endswith(f"/notices/{draft.pk}/") for url in notices)


def test_an_unknown_section_is_a_404(client, home):
    assert client.get("/sitemap-nothing.xml").status_code == 404
