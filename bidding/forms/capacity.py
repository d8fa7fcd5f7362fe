"""The agency's capacity declaration: an item it offers and how many jobs of it it can run at once."""
from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.models import ServiceItem

from ..services.capacity import MAX_LIMIT


class CapacityForm(forms.Form):
    item = forms.ModelChoiceField(label=_("服务事项"), queryset=ServiceItem.objects.none(),
                                  error_messages={"required": _("请选择服务事项。"),
                                                  "invalid_choice": _("请选择贵机构提供的服务事项。")})
    limit = forms.IntegerField(
        label=_("可同时承接项目数"), min_value=0, max_value=MAX_LIMIT,
        help_text=_("贵机构同时能承接的该事项项目数（已中选且尚未完成的项目计入）。达到后不能报名新项目，随机抽取时被跳过。"),
        error_messages={"required": _("请填写可同时承接项目数。")})

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ServiceItem.objects.filter(offers__agency=agency).order_by("code")


class CapacityRemoveForm(forms.Form):
    item = forms.ModelChoiceField(queryset=ServiceItem.objects.none())

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ServiceItem.objects.filter(capacities__agency=agency)
