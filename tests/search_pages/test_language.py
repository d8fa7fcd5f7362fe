"""The search pages speak the reader's language: every label goes through gettext, and the
English catalogue has them (locale/en; the Chinese text must not show through)."""
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db

LABELS = ["站内搜索", "全部", "更多条件：日期、价格、排序", "相关度", "中介机构", "地区"]


def test_english_labels(client, world):
    client.cookies["django_language"] = "en"
    content = client.get("/search/", {"q": "环评"}, headers={"Accept-Language": "en"}).content.decode()
    assert 'lang="en"' in content
    with translation.override("en"):
        for label in LABELS:
            english = gettext(label)
            assert english != label, f"{label} has no English translation"
            assert english in content
    count = re.search(r'class="result-count"[^>]*>([^<]*)<', content).group(1)
    assert not re.search(r"[\u4e00-\u9fff]", count)


def test_suggest_page_in_english(client, world):
    client.cookies["django_language"] = "en"
    content = client.get("/search/suggest/", headers={"Accept-Language": "en"}).content.decode()
    with translation.override("en"):
        assert gettext("搜索建议") in content and gettext("搜索建议") != "搜索建议"
