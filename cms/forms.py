"""The filter forms of the public lists: plain GET forms that work without JavaScript."""
from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import with_note
from core.widgets import FastSelect
from marketplace.models import ServiceItem

from .filter_options import options, prefectures


class FacetCounts:
    """A list's filter form whose dropdowns, when a keyword was searched (cms/keyword_search.py),
    show how many hits each choice has (the search's facet counts, which follow the keyword and
    the other filters). `counted` maps a field to its facet."""

    counted = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Suggestions as one types (static/js/search-suggest.js); without the script, a plain box.
        self.fields["q"].widget.attrs.update({"data-suggest-url": reverse("search:suggest"), "autocomplete": "off"})

    def show_counts(self, found):
        for name, facet in self.counted.items():
            counts = found.facet_counts(facet)
            field = self.fields[name]
            field.choices = [(value, with_note(label, counts.get(value, 0)) if value else label)
                             for value, label in field.choices]


def grades():
    """The credit grades to filter by, in the reader's language (a callable: Django asks for the
    choices when it renders the form, after the request's language is active)."""
    return [("", gettext("全部等级"))] + [(g, gettext("%(grade)s级") % {"grade": g}) for g in "ABCD"]


class CatalogueFilterForm(FacetCounts, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("事项名称、简称、编码或审批事项")}))
    category = forms.ChoiceField(label=_("服务类别"), required=False, widget=FastSelect)
    fee_type = forms.ChoiceField(
        label=_("收费类型"), required=False, widget=FastSelect,
        choices=[("", _("全部"))] + list(ServiceItem.FeeType.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = options()["categories"]

    def filters(self):
        """Keyword arguments for marketplace.selectors.catalogue.catalogue_items; invalid input is ignored."""
        self.is_valid()  # a bad value is shown next to its field and left out of the filter
        data = self.cleaned_data
        return {
            "query": (data.get("q") or "").strip() or None,
            "category": data.get("category") or None,
            "fee_type": data.get("fee_type") or None,
        }


class DirectoryFilterForm(FacetCounts, forms.Form):
    q = forms.CharField(label=_("机构名称、服务事项或信用代码"), required=False, max_length=50)
    item = forms.ChoiceField(label=_("服务事项"), required=False, widget=FastSelect)
    province = forms.ChoiceField(label=_("所在省份"), required=False, widget=FastSelect)
    prefecture = forms.ChoiceField(label=_("下级行政区"), required=False, widget=FastSelect)
    grade = forms.ChoiceField(label=_("信用等级"), required=False, choices=grades, widget=FastSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = options()["items"]
        self.fields["province"].choices = options()["provinces"]
        # The prefectures of the chosen province: choose a province, press 查询, then narrow down.
        self.fields["prefecture"].choices = prefectures(self)
        if not self.is_bound or not self.data.get("province"):
            self.fields["prefecture"].help_text = _("先选择省份并查询，再按市（州）或区县筛选。")

    counted = {"item": "item", "grade": "grade"}

    def filters(self):
        """Keyword arguments for marketplace.selectors.directory.agency_directory."""
        self.is_valid()  # a bad value is shown next to its field and left out of the filter
        data = self.cleaned_data
        prefecture = data.get("prefecture") or ""
        province = data.get("province") or ""
        return {
            "query": (data.get("q") or "").strip() or None,
            "item_code": data.get("item") or None,
            "region_code": (prefecture if prefecture[:2] == province[:2] else None) or province or None,
            "grade": data.get("grade") or None,
        }


class CreditListFilterForm(forms.Form):
    """The blacklist's and the red list's filter: an agency's name or its USCC."""

    q = forms.CharField(label=_("机构名称或信用代码"), required=False, max_length=50)

    def filters(self):
        """Keyword arguments for reviews.selectors.public's list rows."""
        self.is_valid()
        return {"query": (self.cleaned_data.get("q") or "").strip() or None}


class FeeItemForm(forms.Form):
    """The fee-rules page's choice of item (GET `item`), among the government-priced items that
    have a fee rule; an unknown code is an error beside the list, never a 500."""

    item = forms.ChoiceField(label=_("服务事项"), required=False, widget=FastSelect)

    def __init__(self, items, data):
        asked = "item" in data
        super().__init__(data if asked else None)
        self.items = {item.code: item for item in items if item.government_fee_rule is not None}
        self.fields["item"].choices = [("", _("请选择服务事项"))] + [
            (code, with_note(item.name, code)) for code, item in self.items.items()]

    def chosen(self):
        """The item picked, or None (nothing picked, or a code that is not on the list)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.items.get(self.cleaned_data["item"])
