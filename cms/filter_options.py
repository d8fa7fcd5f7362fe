"""The choices of the public lists' filter forms: built once per process and language, and
again when the catalogue or the regions change (core.changes.Memo on the "catalogue" topic,
which every change to items, categories, regions and departments announces). A page with a
filter form then runs no query for its <select>s."""
from django.utils.translation import get_language, gettext

from core.changes import Memo
from core.text import with_note
from marketplace.selectors.catalogue import catalogue_categories, catalogue_items
from providers.selectors import divisions_by_province, provinces

OPTIONS = Memo(["catalogue"], dict)


def options():
    """{"categories", "items", "all_items", "provinces", "children": {province code: [...]}}."""
    by_language = OPTIONS.get()
    language = get_language()
    if language not in by_language:
        by_language[language] = _build()
    return by_language[language]


def _build():
    province_rows = list(provinces().values_list("code", "name"))
    return {
        "categories": [("", gettext("全部类别"))] + [
            (c.code, with_note(c.name, c.item_count)) for c in catalogue_categories()],
        "items": [("", gettext("全部事项"))] + list(catalogue_items().order_by("code").values_list("code", "name")),
        "all_items": [("", gettext("全部事项"))] + list(
            catalogue_items(include_inactive=True).order_by("code").values_list("code", "name")),
        "provinces": [("", gettext("全部省份"))] + province_rows,
        "children": divisions_by_province(),
    }


def prefectures(form):
    """The choices of a form's "prefecture" field: the divisions under the chosen province."""
    province = (form.data.get("province") or "") if form.is_bound else ""
    return [("", gettext("全省"))] + options()["children"].get(province, [])
