"""Structured data (schema.org JSON-LD) in the head of the home page, an item page and an agency
page: valid JSON a search engine reads, built from the page's own data, safe whatever the data
holds (a name with "</script>" cannot end the script)."""
import json
import re

import pytest

from tests.factories import AgencyFactory, FeeRuleFactory

pytestmark = pytest.mark.django_db


def json_ld(client, path):
    html = client.get(path).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, path
    return json.loads(blocks[0])


def test_the_home_page_describes_the_site_and_its_search(client, home):
    data = json_ld(client, "/")
    assert data["@type"] == "WebSite" and data["potentialAction"]["target"].endswith("/search/?q={q}")


def test_an_item_page_describes_a_government_service_with_its_fee_basis(client, home):
    item = FeeRuleFactory(item__code="ZJ-SD-01", item__name="地震安全性评价", legal_basis="计价格〔2002〕125号").item
    data = json_ld(client, "/catalogue/ZJ-SD-01/")
    assert data["@type"] == "GovernmentService" and data["identifier"] == "ZJ-SD-01"
    assert data["name"] == item.name and data["termsOfService"] == "计价格〔2002〕125号"


def test_an_agency_page_describes_the_organisation_and_data_cannot_break_out(client, home):
    agency = AgencyFactory(name="德阳</script><script>alert(1)</script>咨询有限公司")
    html = client.get(f"/agencies/{agency.uscc}/").content.decode()
    assert "<script>alert(1)" not in html
    data = json_ld(client, f"/agencies/{agency.uscc}/")
    assert data["@type"] == "Organization" and data["identifier"] == agency.uscc and data["name"] == agency.name
