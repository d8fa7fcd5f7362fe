"""The filter form of the public list of notices (/notices/): a plain GET form."""
from django import forms
from django.utils.translation import gettext_lazy as _

from bidding.models import Job
from bidding.selectors.public import PUBLIC_STATUS_CHOICES
from core.widgets import FastSelect

from .filter_options import options, prefectures
from .forms import FacetCounts


class NoticeFilterForm(FacetCounts, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("项目名称、项目代码或业主")}))
    item = forms.ChoiceField(label=_("服务事项"), required=False, widget=FastSelect)
    province = forms.ChoiceField(label=_("业主所在省份"), required=False, widget=FastSelect)
    prefecture = forms.ChoiceField(label=_("下级行政区"), required=False, widget=FastSelect)
    status = forms.ChoiceField(label=_("状态"), required=False, widget=FastSelect,
                               choices=[("", _("全部状态"))] + PUBLIC_STATUS_CHOICES)
    method = forms.ChoiceField(label=_("选取方式"), required=False, widget=FastSelect,
                               choices=[("", _("全部方式"))] + list(Job.Method.choices))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = options()["all_items"]
        self.fields["province"].choices = options()["provinces"]
        # The prefectures of the chosen province: choose a province, press 查询, then narrow down.
        self.fields["prefecture"].choices = prefectures(self)

    counted = {"item": "item", "status": "status", "method": "method"}

    def filters(self):
        """Keyword arguments for bidding.selectors.public.public_jobs; invalid input is left out."""
        self.is_valid()
        data = self.cleaned_data
        prefecture = data.get("prefecture") or ""
        province = data.get("province") or ""
        return {
            "query": (data.get("q") or "").strip() or None,
            "item_code": data.get("item") or None,
            "region_code": (prefecture if prefecture[:2] == province[:2] else None) or province or None,
            "status": data.get("status") or None,
            "method": data.get("method") or None,
        }
