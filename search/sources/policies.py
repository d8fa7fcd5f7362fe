"""Policies, guides and other prose pages editors write in Wagtail: live pages anyone may read
(no view restriction on them or above them), read through Wagtail's own page API without
importing cms (search sits below cms). A page type counts as prose when it declares searchable
fields of its own (Page.search_fields beyond the title) and is not an index page over data
(a RoutablePageMixin page: the notices, the catalogue, the directory — their data are the other
kinds); a site's home page is not a policy either.

The text is each searchable field's, read from the stored value without loading what a block
points to (a StreamField's raw data, rich text without its tags), so a batch of pages costs the
same few queries whatever their content."""
import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site, get_page_models
from wagtail.search import index

from ..documents import POLICY, Document
from .batches import batches

SUMMARY_LENGTH = 120
# Keys of a block's raw value that hold no prose (a heading's level, a link's target).
NOT_PROSE = {"id", "type", "level", "url", "page"}


def prose_models():
    return [model for model in get_page_models() if _is_prose(model)]


def _is_prose(model):
    if model is Page or issubclass(model, RoutablePageMixin):
        return False
    return any(isinstance(field, index.SearchField) and field.field_name != "title"
               for field in model.get_search_fields())


def _rows():
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(*prose_models()).values()
    # The default language's pages: a page's address serves the reader's translation of it, so
    # one entry per page (its translations are not indexed apart, yet).
    return (Page.objects.live().public().filter(content_type__in=list(types), depth__gt=1, locale=Locale.get_default())
            .exclude(pk__in=Site.objects.values("root_page_id")).specific())


def count():
    return _rows().count()


def documents(refs=None):
    for rows in batches(_rows(), refs):
        for page in rows:
            document = _document(page)
            if document is not None:
                yield document


def _raw_text(value):
    """The prose of a StreamField block's raw value (dicts, lists, strings), tags stripped."""
    if isinstance(value, str):
        return [strip_tags(value).strip()]
    if isinstance(value, dict):
        if "type" in value and "value" in value:
            return _raw_text(value["value"])
        return [text for key, item in value.items() if key not in NOT_PROSE for text in _raw_text(item)]
    if isinstance(value, list):
        return [text for item in value for text in _raw_text(item)]
    return []


def _is_stream(page, name):
    try:
        return isinstance(page._meta.get_field(name), StreamField)
    except FieldDoesNotExist:  # a method named as a search field
        return False


def _field_text(page, field):
    if _is_stream(page, field.field_name):
        stream = getattr(page, field.field_name)
        return "\n".join(text for text in _raw_text(list(stream.raw_data)) if text)
    value = field.get_value(page)
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    return strip_tags(str(value or "")).strip()


def _texts(page):
    """[(text, is a StreamField)] of the page's own searchable fields, in their declared order."""
    texts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            text = _field_text(page, field)
            if text:
                texts.append((text, _is_stream(page, field.field_name)))
    return texts


def _date(page):
    day = getattr(page, "published_on", None)  # a prose page's own publication date, if it has one
    if isinstance(day, datetime.date) and not isinstance(day, datetime.datetime):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return page.first_published_at


def _document(page):
    url = page.get_url()
    if not url:  # not under any site: nobody can reach it
        return None
    texts = _texts(page)
    body = "\n".join(text for text, _stream in texts)
    short = [text for text, stream in texts if not stream]
    summary = page.search_description or (short[0] if short else body)[:SUMMARY_LENGTH]
    return Document(kind=POLICY, ref=page.pk, url=url, title=page.title, summary=summary, body=body,
                    date=_date(page))
