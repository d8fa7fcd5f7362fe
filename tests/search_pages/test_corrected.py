"""A typo with no hits shows the results of its correction, with a way back to what was typed."""
import pytest
from django.db import connection
from django.urls import reverse

from search.indexing import rebuild
from search.models import SynonymGroup
from tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    ServiceItemFactory(name="测绘成果审核", code="ZJ-CH-901")
    SynonymGroup.objects.create(words="测绘,测量")   # 测绘 is then a word the lexicon knows
    rebuild()


def test_a_typo_shows_the_corrected_results_and_offers_the_words_as_typed(client, indexed):
    page = client.get(reverse("search:results"), {"q": "测会"}).content.decode()
    assert "成果审核" in page
    if connection.vendor == "postgresql":
        # pg_trgm finds the near-miss itself (the pinyin cehui), and "did you mean" is offered
        assert "您是不是要找" in page
        return
    assert "<mark>测绘</mark>成果审核" in page   # the hit, its corrected word marked
    assert "已显示“测绘”的结果" in page
    assert "仍然搜索“测会”" in page
    assert "as_typed=1" in page


def test_the_words_as_typed_are_searched_when_asked(client, indexed):
    page = client.get(reverse("search:results"), {"q": "测会", "as_typed": "1"}).content.decode()
    assert "仍然搜索" not in page
    assert "您是不是要找" in page
