"""The statistics pages' filter form: service item, category, region (any level) and period
(first and last month). A GET form: bad input is shown on the form, and the page answers 400
with the form and no figures."""
import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.models import ServiceCategory, ServiceItem
from providers.selectors.regions import region_option_groups

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DEFAULT_MONTHS = 12  # an unfiltered page shows the last twelve months
MAX_MONTHS = 120  # ten years at most in one page or export


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's <input type="month">), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
            raise forms.ValidationError(_("请按“年-月”填写月份，例如 2026-01。"), code="month")
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def this_month(now=None):
    today = timezone.localdate(now)
    return today.replace(day=1)


class StatisticsFilterForm(forms.Form):
    """Choices are those of the viewer's scope: a regulator's supervised categories and region
    (marketplace.selectors.scope), everything for the public. Three queries, whatever is chosen."""

    item = forms.ChoiceField(label=gettext_lazy("服务事项"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("服务类别"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("行政区划"), required=False)
    start = MonthField(label=gettext_lazy("起始月份"), required=False)
    end = MonthField(label=gettext_lazy("截止月份"), required=False)

    def __init__(self, data=None, *, scope=None, now=None, **kwargs):
        super().__init__(data, **kwargs)
        self.now = now
        categories = ServiceCategory.objects.order_by("code")
        items = ServiceItem.objects.order_by("code")
        if scope is not None and not scope.is_operator:
            categories = categories.filter(pk__in=sorted(scope.category_ids))
            items = items.filter(category_id__in=sorted(scope.category_ids))
        self.categories = {category.code: category for category in categories.only("pk", "code", "name")}
        self.items = {item.code: item for item in items.only("pk", "code", "name", "category_id")}
        self.fields["category"].choices = [("", _("全部类别"))] + [(c.code, c.name) for c in self.categories.values()]
        self.fields["item"].choices = [("", _("全部事项"))] + [
            (item.code, f"{item.code} {item.name}") for item in self.items.values()]
        prefix = scope.region_prefix if scope is not None else ""
        groups = region_option_groups(prefix[:2] if prefix else None)
        if prefix:
            groups = [(label, [(code, name) for code, name in options if code.startswith(prefix)])
                      for label, options in groups]
            groups = [(label, options) for label, options in groups if options]
        self.fields["region"].choices = [("", _("全部地区") if scope is None else _("本部门辖区"))] + groups
        self.region_names = {code: name for _label, options in groups for code, name in options}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("end") or this_month(self.now)
        start = data.get("start") or add_months(end, 1 - DEFAULT_MONTHS)
        if start > end:
            self.add_error("start", _("起始月份不能晚于截止月份。"))
        elif add_months(start, MAX_MONTHS) <= end:
            self.add_error("start", _("一次最多统计 %(n)s 个月。") % {"n": MAX_MONTHS})
        data["start"], data["end"] = start, end
        data["item"] = self.items.get(data.get("item") or "")
        data["category"] = self.categories.get(data.get("category") or "")
        item, category = data["item"], data["category"]
        if item is not None and category is not None and item.category_id != category.pk:
            self.add_error("item", _("所选服务事项不属于所选类别。"))
        return data

    def query_string(self):
        """The chosen filters as a query string (for the export links), empty when none."""
        if not self.is_bound:
            return ""
        return urlencode({name: self.data.get(name) for name in self.fields if self.data.get(name)})
