"""The service guide of a catalogue item: shown on the item page in the reader's language (the
Chinese one while no English is written, marked as Chinese), printable on one page, a 404 for
an item without one; editors keep it in the Wagtail admin."""
import pytest
from wagtail.models import Locale

from cms.models import ServiceGuide
from tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def guide(item, language, **words):
    fields = {name: f"{language} {name}" for name in (
        "basis", "scope", "who_needs", "content", "method", "conclusion", "typical_time", "typical_fee")}
    fields.update(materials=f"{language} plan\n- {language} approval letter\n\n", rejection_reasons=f"{language} late")
    fields.update(words)
    locale, _created = Locale.objects.get_or_create(language_code=language)
    return ServiceGuide.objects.create(item=item, locale=locale, **fields)


@pytest.fixture
def item(home):
    return ServiceItemFactory(code="ZJ-G-001", name="环境影响评价")


def test_the_item_page_shows_its_guide_with_the_materials_as_a_list(client, item):
    guide(item, "zh-hans", basis="《环境影响评价法》第十六条")
    html = client.get("/catalogue/ZJ-G-001/").content.decode()
    assert "服务指南" in html and "《环境影响评价法》第十六条" in html
    assert "<li>zh-hans plan</li>" in html and "<li>zh-hans approval letter</li>" in html
    assert 'href="/catalogue/ZJ-G-001/guide/"' in html


def test_an_english_reader_reads_the_english_guide_else_the_chinese_one_marked_as_such(client, item):
    guide(item, "zh-hans")
    client.cookies["django_language"] = "en"
    html = client.get("/catalogue/ZJ-G-001/").content.decode()
    marked = 'aria-labelledby="guide-heading" lang="zh-hans"'
    assert marked in html and "zh-hans scope" in html
    guide(item, "en")
    html = client.get("/catalogue/ZJ-G-001/").content.decode()
    assert "en scope" in html and "zh-hans scope" not in html and marked not in html


def test_the_printable_guide_is_one_page_of_the_guide_alone(client, item):
    guide(item, "zh-hans")
    response = client.get("/catalogue/ZJ-G-001/guide/")
    html = response.content.decode()
    assert response.status_code == 200 and "print-page" in html and "环境影响评价服务指南" in html
    assert "收费计算器" not in html   # the item page's other sections stay on the item page


def test_an_item_without_a_guide_has_no_printable_one(client, item):
    assert client.get("/catalogue/ZJ-G-001/guide/").status_code == 404
    assert "服务指南" not in client.get("/catalogue/ZJ-G-001/").content.decode()


def test_one_guide_per_item_and_language(item):
    from django.db import IntegrityError, transaction

    guide(item, "zh-hans")
    with pytest.raises(IntegrityError), transaction.atomic():
        guide(item, "zh-hans")
    assert ServiceGuide.objects.count() == 1


def test_an_editor_finds_the_guides_in_the_wagtail_admin(admin_client, item):
    guide(item, "zh-hans")
    response = admin_client.get("/admin/snippets/cms/serviceguide/")
    assert response.status_code == 200 and "环境影响评价" in response.content.decode()


def test_the_demo_writes_a_guide_for_every_item_in_both_languages_once(item):
    from core.demo.guides import ensure_guides

    ServiceItemFactory(code="ZJ-G-002", name="地形图测绘")
    assert len(ensure_guides()) == 4   # two items, two languages
    assert ensure_guides() == []       # the editors' from then on
    english = ServiceGuide.objects.get(item=item, locale__language_code="en")
    assert "ZJ-G-001" in english.basis and not any("\u4e00" <= ch <= "\u9fff" for ch in english.content)
