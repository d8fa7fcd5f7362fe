"""Every public page names its canonical address: the site's public address and its path, a
list's filters and sorting left out and its page number kept."""
import re

import pytest

pytestmark = pytest.mark.django_db


def canonical(client, path):
    html = client.get(path).content.decode()
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
    assert len(found) == 1, path
    return found[0]


def test_a_page_names_its_public_address(client, home, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://zjcs.example.gov.cn"
    assert canonical(client, "/catalogue/") == "https://zjcs.example.gov.cn/catalogue/"
    assert canonical(client, "/notices/?status=published&q=%E7%8E%AF%E8%AF%84") == \
        "https://zjcs.example.gov.cn/notices/"
    assert canonical(client, "/notices/?page=2&status=published") == "https://zjcs.example.gov.cn/notices/?page=2"
    assert canonical(client, "/notices/?page=1") == "https://zjcs.example.gov.cn/notices/"
    assert canonical(client, "/notices/?page=%3Cscript%3E") == "https://zjcs.example.gov.cn/notices/"


def test_a_page_names_its_address_in_each_language(client, home, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://zjcs.example.gov.cn"
    html = client.get("/notices/?page=2&status=published").content.decode()
    assert '<link rel="alternate" hreflang="en" href="https://zjcs.example.gov.cn/notices/?page=2&amp;lang=en">' in html
    assert '<link rel="alternate" hreflang="zh-hans" href="https://zjcs.example.gov.cn/catalogue/?lang=zh-hans">' \
        in client.get("/catalogue/").content.decode()
    client.cookies["django_language"] = "zh-hans"
    assert "Service catalogue" in client.get("/catalogue/?lang=en").content.decode()   # the alternate is English
